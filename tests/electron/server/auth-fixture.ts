/**
 * Real app services on a temporary SQLite file, with one signed-in session per role (created
 * through the API itself: first-run setup, then the admin creates the others).
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/server/app-services';
import type { ConnectionSession } from '../../../electron/server/auth-session';
import type { Role } from '../../../electron/shared/contract';

export const SECRETS: Record<Role, string> = {
  admin: 'correct horse battery',
  supervisor: '4826',
  technician: '7351',
  'care-staff': '9042',
};

export interface AuthWorld {
  services: AppServices;
  sessions: Record<Role, ConnectionSession>;
  accountIds: Record<Role, number>;
  call: (
    session: ConnectionSession | undefined,
    channel: string,
    args?: unknown,
  ) => Promise<
    { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
  >;
  close: () => Promise<void>;
}

export async function createAuthWorld(dir: string): Promise<AuthWorld> {
  const services = await createAppServices({
    dbPath: join(dir, 'genba.sqlite'),
    demo: false,
    transport: 'websocket',
    listPorts: () => Promise.resolve([]),
  });
  const call: AuthWorld['call'] = async (session, channel, args = {}) =>
    await services.dispatcher.dispatch(channel, args, session);
  const admin = services.dispatcher.createSession('internal');
  const setup = await call(admin, 'auth.setup', {
    username: 'aiko',
    displayName: 'Aiko (admin)',
    password: SECRETS.admin,
  });
  expect(setup).toMatchObject({ ok: true });
  const accountIds = { admin: admin.signedIn!.accountId } as Record<Role, number>;
  const sessions = { admin } as Record<Role, ConnectionSession>;
  for (const role of ['supervisor', 'technician', 'care-staff'] as const) {
    const created = await call(admin, 'accounts.create', {
      username: role,
      displayName: `${role} person`,
      role,
      secret: SECRETS[role],
    });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
    accountIds[role] = (created as { value: { accountId: number } }).value.accountId;
    const session = services.dispatcher.createSession('internal');
    expect(
      await call(session, 'auth.signIn', { accountId: accountIds[role], secret: SECRETS[role] }),
    ).toMatchObject({ ok: true });
    sessions[role] = session;
  }
  return { services, sessions, accountIds, call, close: () => services.shutdown() };
}
