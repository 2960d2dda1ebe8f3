/**
 * A compromised renderer throws random and malformed calls at the API. Against the real
 * dispatcher and a real SQLite file, with sessions of every role (signed out and locked too):
 * nothing crashes, no refused call runs, no session changes its role, and the database —
 * every table, byte for byte, and the audit chain — is exactly what it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccess, requestChannels } from '../../../electron/shared/contract';
import { ROLES } from '../../../native/domain';
import type { ConnectionSession } from '../../../electron/server/auth-session';
import { API_PATH, startBrowserServer } from '../../../electron/server/browser-server';
import { createAuthWorld, type AuthWorld } from './auth-fixture';

const SEED = Number(process.env.GENBA_FUZZ_SEED ?? 20260508);
const CALLS = Number(process.env.GENBA_FUZZ_CALLS ?? 4000);

/** Calls that read only: executed even when valid, to prove they do not crash either. */
const READ_ONLY = new Set([
  'app.info',
  'app.status',
  'settings.getUi',
  'auth.state',
  'robots.list',
  'events.query',
  'audit.query',
  'audit.verify',
  'accounts.list',
]);

const KNOWN_REFUSALS = new Set([
  'unknown-channel',
  'invalid-arguments',
  'sign-in-required',
  'session-locked',
  'forbidden',
]);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = Object.keys(requestChannels);
const KEYS = [
  'robotId',
  'accountId',
  'secret',
  'role',
  'language',
  'username',
  'displayName',
  'password',
  'disabled',
  'joint',
  'positionRad',
  'hex',
  'key',
  'value',
  'limit',
  'minutes',
  'path',
  'command',
  '__proto__',
  'constructor',
  'prototype',
  'admin',
  'session',
  'user',
];

/** Valid-looking arguments to mutate (one field at a time). */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'settings.setLanguage': { language: 'ja' },
  'auth.signIn': { accountId: 1, secret: 'correct horse battery' },
  'auth.setup': { username: 'root', displayName: 'Root', password: 'longenough123' },
  'accounts.create': { username: 'x', displayName: 'X', role: 'admin', secret: 'longenough123' },
  'accounts.update': { accountId: 1, role: 'care-staff', secret: '2580' },
  'accounts.resetSecret': { accountId: 1, secret: 'longenough123' },
  'accounts.setIdleLock': { minutes: 3 },
  'robots.moveJoint': { robotId: 'arm', joint: 'joint1', positionRad: 0.2 },
  'controlTable.write': { robotId: 'arm', joint: 'joint1', key: 'goal_position', value: 1 },
  'console.send': { robotId: 'arm', hex: 'FF FF FD 00' },
  'robots.command': { robotId: 'arm', command: 'reboot' },
  'audit.query': { limit: 5 },
};

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 11 : 14));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rand() < 0.5;
    case 3:
      return [0, -0, 1, -1, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.5][Math.floor(rand() * 9)];
    case 4:
      return [NaN, Infinity, -Infinity][Math.floor(rand() * 3)];
    case 5:
      return 'x'.repeat(Math.floor(rand() * 5000));
    case 6:
      return [
        '',
        'admin',
        'ja',
        '1234',
        '\u0000',
        '../../etc/passwd',
        "' OR 1=1 --",
        '𝔊enba',
        '%s%n',
      ][Math.floor(rand() * 9)];
    case 7:
      return BigInt(Math.floor(rand() * 1e6));
    case 8:
      return new Date(rand() * 1e13);
    case 9:
      return new Uint8Array(Math.floor(rand() * 64));
    case 10:
      return Symbol.for('genba');
    case 11: {
      const length = Math.floor(rand() * 5);
      return Array.from({ length }, () => randomValue(rand, depth + 1));
    }
    case 12: {
      const object: Record<string, unknown> = {};
      const count = Math.floor(rand() * 5);
      for (let i = 0; i < count; i++) {
        const key = KEYS[Math.floor(rand() * KEYS.length)]!;
        Object.defineProperty(object, key, {
          value: randomValue(rand, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return object;
    }
    default: {
      // Deep nesting.
      let value: unknown = {};
      for (let i = 0; i < 200; i++) value = [value];
      return value;
    }
  }
}

function randomArgs(rand: () => number, channel: string): unknown {
  const template = TEMPLATES[channel];
  if (template && rand() < 0.6) {
    const mutated: Record<string, unknown> = { ...template };
    const key = Object.keys(template)[Math.floor(rand() * Object.keys(template).length)]!;
    if (rand() < 0.3) delete mutated[key];
    else mutated[key] = randomValue(rand);
    if (rand() < 0.2) mutated[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand);
    return mutated;
  }
  return rand() < 0.15 ? {} : randomValue(rand);
}

function randomChannel(rand: () => number): unknown {
  const r = rand();
  if (r < 0.8) return CHANNELS[Math.floor(rand() * CHANNELS.length)];
  return [
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'toString',
    'auth.signIn ',
    'AUTH.SIGNIN',
    'accounts.delete',
    'audit.truncate',
    'shell.exec',
    '',
    42,
    null,
    { channel: 'auth.setup' },
    ['robots.moveJoint'],
    'robots.moveJoint'.repeat(100),
  ][Math.floor(rand() * 15)];
}

let dir: string;
let world: AuthWorld;

/** Every row of every table, hashed, read by a separate connection. */
/** A fingerprint of every table (but those named in `skip`). */
function snapshot(skip: readonly string[] = []): string {
  const db = new Database(join(dir, 'genba.sqlite'), { readonly: true });
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    if (skip.includes(name)) continue;
    const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all();
    hash
      .update(name)
      .update(
        JSON.stringify(rows, (_k, v: unknown) =>
          typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v,
        ),
      );
  }
  db.close();
  return hash.digest('hex');
}

function auditMaxId(): number {
  const db = new Database(join(dir, 'genba.sqlite'), { readonly: true });
  const { id } = db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit').get() as { id: number };
  db.close();
  return id;
}

/** `actor action` of every audit row after `id`. */
function auditActionsSince(id: number): string[] {
  const db = new Database(join(dir, 'genba.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT actor, action FROM audit WHERE id > ?').all(id) as {
    actor: string;
    action: string;
  }[];
  db.close();
  return rows.map((r) => `${r.actor} ${r.action}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genba-api-fuzz-'));
  world = await createAuthWorld(dir);
}, 60_000);

afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API fuzz (a compromised renderer)', () => {
  it(`${CALLS} random and malformed calls: refused cleanly, no role escaped, no data changed (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    // Let start-up writes settle, then take the "before" picture.
    await world.call(world.sessions.admin, 'audit.verify');
    const before = snapshot();
    const auditBefore = await world.call(world.sessions.supervisor, 'audit.verify');
    expect(auditBefore).toMatchObject({ ok: true, value: { ok: true } });

    const signedOut = world.services.dispatcher.createSession('internal');
    const lockedSessions = Object.fromEntries(ROLES.map((role) => [role, world.sessions[role]]));
    const who: Array<{ name: string; session: ConnectionSession | undefined; lock: boolean }> = [
      { name: 'no session', session: undefined, lock: false },
      { name: 'signed out', session: signedOut, lock: false },
      ...ROLES.map((role) => ({ name: role, session: world.sessions[role], lock: false })),
      ...ROLES.map((role) => ({
        name: `${role} (locked)`,
        session: lockedSessions[role],
        lock: true,
      })),
    ];
    const identities = () =>
      who.map(({ session }) =>
        session ? `${session.user?.username ?? '-'}:${session.user?.role ?? '-'}` : '-',
      );
    const identitiesBefore = identities();

    let refused = 0;
    let readsRun = 0;
    const unexpected: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const caller = who[Math.floor(rand() * who.length)]!;
      const channel = randomChannel(rand);
      const args = randomArgs(rand, String(channel));
      const session = caller.session;
      if (caller.lock) session?.lock();
      const subject = session?.subject() ?? { role: null, locked: false };
      const known = typeof channel === 'string' && Object.hasOwn(requestChannels, channel);
      let valid = false;
      if (known) {
        try {
          valid = requestChannels[channel as keyof typeof requestChannels].args.safeParse(
            args ?? {},
          ).success;
        } catch {
          valid = false;
        }
      }
      const allowed = known && checkAccess(channel, subject).allowed && valid;
      if (allowed && !READ_ONLY.has(channel)) {
        if (caller.lock) session?.unlock();
        continue; // a legitimate call: it may change data, so it is not part of this run
      }
      const reply = await world.services.dispatcher.dispatch(channel, args, session);
      if (caller.lock) session?.unlock();
      if (allowed) {
        readsRun += 1;
        if (!reply.ok) unexpected.push(`${String(channel)} (read) failed: ${reply.error.code}`);
        continue;
      }
      refused += 1;
      if (reply.ok)
        unexpected.push(`${caller.name} ${String(channel)} ${String(args)} was NOT refused`);
      else if (!KNOWN_REFUSALS.has(reply.error.code)) {
        unexpected.push(`${caller.name} ${String(channel)}: unexpected code ${reply.error.code}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(refused).toBeGreaterThan(CALLS / 2);
    expect(readsRun).toBeGreaterThan(0);
    expect(identities()).toEqual(identitiesBefore);
    expect(signedOut.user).toBeNull();

    expect(snapshot()).toBe(before);
    const auditAfter = await world.call(world.sessions.supervisor, 'audit.verify');
    expect(auditAfter).toEqual(auditBefore);
  }, 120_000);

  it('raw garbage on the WebSocket: the server answers clearly and keeps serving', async () => {
    const ui = join(dir, 'ui');
    mkdirSync(ui, { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html>');
    const server = await startBrowserServer({
      dispatcher: world.services.dispatcher,
      events: world.services.events,
      staticRoot: ui,
    });
    // The emergency stop is open to anyone at the terminal: garbage that happens to be a valid
    // stop is carried out and audited. Nothing else may change.
    const AUDIT = ['audit', 'audit_anchor'];
    const before = snapshot(AUDIT);
    const lastAuditId = auditMaxId();
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${API_PATH}?token=${server.token}`, {
        origin: server.origin,
      });
      const replies: unknown[] = [];
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as Record<string, unknown>;
        if (!('event' in message)) replies.push(message);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      const rand = mulberry32(SEED + 1);
      const frames: Array<string | Buffer> = [
        '',
        'null',
        '[]',
        '{"id":1}',
        '{"id":{"x":1},"channel":"auth.setup"}',
        '{"id":2,"channel":"__proto__","args":{"__proto__":{"admin":true}}}',
        '{"id":3,"channel":"accounts.create","args":{"username":"x","displayName":"x","role":"admin","secret":"longenough123"}}',
        `{"id":4,"channel":"auth.signIn","args":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        Buffer.from([0xff, 0x00, 0x13]),
        '{"id":5,"channel":"robots.moveJoint","args":{"robotId":"a","joint":"joint1","positionRad":1e999}}',
      ];
      for (let i = 0; i < 200; i++) {
        frames.push(
          JSON.stringify(
            { id: i + 100, channel: randomChannel(rand), args: randomArgs(rand, '') },
            (_k, v: unknown) => (typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v),
          ),
        );
      }
      for (const frame of frames) ws.send(frame);
      await expect
        .poll(() => replies.length, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(frames.length - 1);
      // Whatever got through was a public call; the tab is still signed out.
      ws.send(JSON.stringify({ id: 'last', channel: 'auth.state', args: {} }));
      await expect.poll(() => replies.some((r) => (r as { id: unknown }).id === 'last')).toBe(true);
      expect(replies.find((r) => (r as { id: unknown }).id === 'last')).toMatchObject({
        ok: true,
        value: { session: { user: null } },
      });
      ws.close();
    } finally {
      await server.close();
    }
    expect(snapshot(AUDIT)).toBe(before);
    expect(
      auditActionsSince(lastAuditId).every((a) => a === 'anonymous robot.emergency-stop'),
    ).toBe(true);
    const verified = await world.call(world.sessions.supervisor, 'audit.verify');
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });
  }, 60_000);
});
