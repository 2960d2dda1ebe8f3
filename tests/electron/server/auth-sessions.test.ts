/**
 * Sign-in, lock-out, lock/unlock, idle lock, account changes reaching live sessions, and the
 * audit rows they leave — through the real dispatcher, a real SQLite file and a real WebSocket.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATH, startBrowserServer } from '../../../electron/server/browser-server';
import { createAuthWorld, SECRETS, type AuthWorld } from './auth-fixture';

let dir: string;
let world: AuthWorld;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genba-auth-sessions-'));
  world = await createAuthWorld(dir);
}, 60_000);

afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

const audit = async (action: string) => {
  const reply = await world.call(world.sessions.admin, 'audit.query', { limit: 500, action });
  return (reply as { value: Array<{ actor: string; action: string; after: unknown }> }).value;
};

describe('sign-in and sessions', () => {
  it('first-run setup is closed once an account exists', async () => {
    const fresh = world.services.dispatcher.createSession('internal');
    const again = await world.call(fresh, 'auth.setup', {
      username: 'mallory',
      displayName: 'Mallory',
      password: 'longenough123',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'setup-already-done' } });
    const state = await world.call(fresh, 'auth.state');
    expect(state).toMatchObject({
      ok: true,
      value: { setupRequired: false, session: { user: null } },
    });
    const tiles = (state as { value: { accounts: Array<{ displayName: string }> } }).value.accounts;
    expect(tiles.map((t) => t.displayName)).toHaveLength(4);
    expect(JSON.stringify(state)).not.toMatch(/scrypt/);
  });

  it('weak secrets are refused with a reason', async () => {
    for (const secret of ['12', '1111', 'abcd']) {
      const reply = await world.call(world.sessions.admin, 'accounts.create', {
        username: `weak${secret}`,
        displayName: 'Weak',
        role: 'care-staff',
        secret,
      });
      expect(reply.ok).toBe(false);
    }
    const shortPassword = await world.call(world.sessions.admin, 'accounts.create', {
      username: 'admin2',
      displayName: 'Admin 2',
      role: 'admin',
      secret: 'short',
    });
    expect(shortPassword).toMatchObject({ ok: false, error: { code: 'weak-secret' } });
  });

  it('five wrong PINs lock the account out (audited); an admin reset clears it', async () => {
    const created = await world.call(world.sessions.admin, 'accounts.create', {
      username: 'guesser',
      displayName: 'Guess Target',
      role: 'care-staff',
      secret: '5173',
    });
    const accountId = (created as { value: { accountId: number } }).value.accountId;
    const session = world.services.dispatcher.createSession('internal');
    const codes: string[] = [];
    // Parallel guesses are serialized per account, so they cannot outrun the lock-out.
    const replies = await Promise.all(
      ['0000', '0001', '0002', '0003', '0004', '5173'].map((secret) =>
        world.call(session, 'auth.signIn', { accountId, secret }),
      ),
    );
    for (const reply of replies) codes.push(reply.ok ? 'ok' : reply.error.code);
    expect(codes).toEqual([
      'sign-in-failed',
      'sign-in-failed',
      'sign-in-failed',
      'sign-in-failed',
      'account-locked-out',
      'account-locked-out',
    ]);
    expect(session.user).toBeNull();
    expect((await audit('auth.locked-out')).some((row) => row.actor === 'guesser')).toBe(true);
    expect((await audit('auth.sign-in-refused')).length).toBeGreaterThan(0);

    expect(
      await world.call(world.sessions.admin, 'accounts.resetSecret', { accountId, secret: '8642' }),
    ).toMatchObject({ ok: true, value: { lockedUntilMs: 0 } });
    expect(await world.call(session, 'auth.signIn', { accountId, secret: '8642' })).toMatchObject({
      ok: true,
      value: { user: { username: 'guesser', role: 'care-staff' }, locked: false },
    });
  });

  it('lock keeps the person; only their own PIN unlocks; e-stop works while locked and is audited', async () => {
    const session = world.sessions.technician;
    expect(await world.call(session, 'auth.lock')).toMatchObject({
      ok: true,
      value: { locked: true },
    });
    expect(await world.call(session, 'events.query', {})).toMatchObject({
      ok: false,
      error: { code: 'session-locked' },
    });
    const stop = await world.call(session, 'robots.emergencyStop', {});
    expect(stop.ok ? 'ok' : stop.error.code).not.toMatch(/forbidden|session-locked|sign-in/);
    const rows = await audit('robot.emergency-stop');
    expect(rows[0]).toMatchObject({ actor: 'technician', after: { locked: true } });

    expect(await world.call(session, 'auth.unlock', { secret: SECRETS.supervisor })).toMatchObject({
      ok: false,
      error: { code: 'sign-in-failed' },
    });
    expect(await world.call(session, 'auth.unlock', { secret: SECRETS.technician })).toMatchObject({
      ok: true,
      value: { locked: false, user: { role: 'technician' } },
    });
  });

  it('locks by itself after the idle time', async () => {
    const session = world.sessions.supervisor;
    expect(
      await world.call(world.sessions.admin, 'accounts.setIdleLock', { minutes: 1 }),
    ).toMatchObject({
      ok: true,
    });
    session.touch(Date.now() - 61_000);
    expect(await world.call(session, 'events.query', {})).toMatchObject({
      ok: false,
      error: { code: 'session-locked' },
    });
    expect(session.locked).toBe(true);
    await world.call(session, 'auth.unlock', { secret: SECRETS.supervisor });
    expect(session.locked).toBe(false);
  });

  it('role changes and disabling reach a session that is already signed in', async () => {
    const created = await world.call(world.sessions.admin, 'accounts.create', {
      username: 'mover',
      displayName: 'Mover',
      role: 'technician',
      secret: '3141',
    });
    const accountId = (created as { value: { accountId: number } }).value.accountId;
    const session = world.services.dispatcher.createSession('internal');
    await world.call(session, 'auth.signIn', { accountId, secret: '3141' });
    expect(session.user?.role).toBe('technician');
    await world.call(world.sessions.admin, 'accounts.update', { accountId, role: 'care-staff' });
    expect(session.user?.role).toBe('care-staff');
    await world.call(world.sessions.admin, 'accounts.update', { accountId, disabled: true });
    expect(session.user).toBeNull();
    expect(await world.call(session, 'auth.signIn', { accountId, secret: '3141' })).toMatchObject({
      ok: false,
    });
  });

  it('the last admin cannot be disabled or demoted, nor can admins change themselves', async () => {
    const self = world.accountIds.admin;
    for (const change of [{ disabled: true }, { role: 'supervisor', secret: '2580' }]) {
      const reply = await world.call(world.sessions.admin, 'accounts.update', {
        accountId: self,
        ...change,
      });
      expect(reply).toMatchObject({ ok: false, error: { code: 'last-admin' } });
    }
  });

  it('account changes and settings are audited with who did it, and the chain verifies', async () => {
    await world.call(world.sessions['care-staff'], 'settings.setLanguage', { language: 'ja' });
    const rows = await audit('setting.change');
    expect(rows.find((row) => row.actor === 'care-staff')).toBeTruthy();
    expect((await audit('account.create'))[0]?.actor).toBe('aiko');
    expect(await world.call(world.sessions.supervisor, 'audit.verify')).toMatchObject({
      ok: true,
      value: { ok: true },
    });
  });
});

describe('browser mode: one session per WebSocket', () => {
  it('a tab starts signed out, receives only public events, and signs in by itself', async () => {
    const ui = join(dir, 'ui');
    mkdirSync(ui, { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html>');
    const server = await startBrowserServer({
      dispatcher: world.services.dispatcher,
      events: world.services.events,
      staticRoot: ui,
    });
    try {
      const open = async () => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}${API_PATH}?token=${server.token}`, {
          origin: server.origin,
        });
        const messages: Array<Record<string, unknown>> = [];
        ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as never));
        await new Promise((resolve) => ws.once('open', resolve));
        let id = 0;
        const call = async (channel: string, args: unknown = {}) => {
          const myId = ++id;
          ws.send(JSON.stringify({ id: myId, channel, args }));
          await expect.poll(() => messages.some((m) => m.id === myId)).toBe(true);
          return messages.find((m) => m.id === myId)!;
        };
        return { ws, messages, call };
      };
      const tabA = await open();
      const tabB = await open();
      expect(await tabA.call('events.query', {})).toMatchObject({
        ok: false,
        error: { code: 'sign-in-required' },
      });
      expect(
        await tabA.call('auth.signIn', {
          accountId: world.accountIds.technician,
          secret: SECRETS.technician,
        }),
      ).toMatchObject({ ok: true });
      expect(tabA.messages.some((m) => m.event === 'auth.session')).toBe(true);
      expect(await tabA.call('events.query', {})).toMatchObject({ ok: true });
      // The other tab is still signed out.
      expect(await tabB.call('events.query', {})).toMatchObject({
        ok: false,
        error: { code: 'sign-in-required' },
      });

      world.services.events.emit('console.traffic', {
        robotId: 'r1',
        direction: 'tx',
        hex: 'FF',
        summary: 'ping',
        at: 1,
      });
      await expect.poll(() => tabA.messages.some((m) => m.event === 'console.traffic')).toBe(true);
      expect(tabB.messages.some((m) => m.event === 'console.traffic')).toBe(false);
      tabA.ws.close();
      tabB.ws.close();
    } finally {
      await server.close();
    }
  });
});
