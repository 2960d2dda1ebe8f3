/**
 * The role matrix, table-driven: for every API channel and every role (and signed out, and
 * locked), the real dispatcher either lets the call through to argument validation or refuses
 * it. The expectations are written out by hand here — not read from the contract's access — so
 * a change to a channel's access has to be a deliberate change to this table too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestChannels, type Role } from '../../../electron/shared/contract';
import { createAuthWorld, type AuthWorld } from './auth-fixture';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Who = 'signed-out' | Role;
const C = 'care-staff';
const S = 'supervisor';
const T = 'technician';
const A = 'admin';
const EVERYONE: Who[] = ['signed-out', C, S, T, A];
const SIGNED_IN: Who[] = [C, S, T, A];
const READERS: Who[] = [S, T, A];

/** Channel → who may call it. */
const MATRIX: Record<string, Who[]> = {
  'app.info': EVERYONE,
  'app.status': EVERYONE,
  'settings.getUi': EVERYONE,
  'settings.setLanguage': SIGNED_IN,
  'robots.list': SIGNED_IN,
  'robots.get': SIGNED_IN,
  'robots.connect': [T],
  'robots.disconnect': [T],
  'robots.rename': [T, A],
  'robots.command': [T],
  'robots.emergencyStop': EVERYONE,
  'robots.moveJoint': [T],
  'gripper.command': [T],
  'controlTable.read': READERS,
  'controlTable.write': [T],
  'console.send': [T],
  'ports.list': READERS,
  'bus.scan': [T],
  'bus.cancelScan': [T],
  'events.query': SIGNED_IN,
  'logs.bounds': SIGNED_IN,
  'logs.timeline': SIGNED_IN,
  'logs.telemetrySeries': SIGNED_IN,
  'logs.telemetryAround': SIGNED_IN,
  'logs.shiftReport': READERS,
  'logs.export': READERS,
  'logs.shiftReportPdf': READERS,
  'logs.openFile': READERS,
  'alerts.list': SIGNED_IN,
  'alerts.acknowledge': SIGNED_IN,
  'models.list': READERS,
  'models.activate': [A],
  'models.rollback': [A],
  'models.import': [A],
  'auth.state': EVERYONE,
  'auth.setup': EVERYONE,
  'auth.signIn': EVERYONE,
  'auth.signOut': EVERYONE,
  'auth.lock': EVERYONE,
  'auth.unlock': EVERYONE,
  'accounts.list': [A],
  'accounts.create': [A],
  'accounts.update': [A],
  'accounts.resetSecret': [A],
  'accounts.setIdleLock': [A],
  'audit.query': [S, A],
  'audit.verify': [S, A],
  // Donation: the admin decides; the supervisor may look at what leaves and what left.
  'sync.status': [S, A],
  'sync.preview': [S, A],
  'sync.dataDictionary': [S, A],
  'sync.history': [S, A],
  'sync.setConsent': [A],
  'sync.pause': [A],
  'sync.resume': [A],
  'sync.setBandwidth': [A],
  'sync.setEndpoint': [A],
  'sync.checkModelUpdate': [A],
  'sync.activateModelUpdate': [A],
  'sync.rollbackModelUpdate': [A],
  // Demo tools inject faults into simulators: the people who diagnose.
  'demo.injectFault': [T, A],
  'demo.clearFaults': [T, A],
  // Teaching moves the arm: technicians only; care staff may watch and run assigned tasks.
  'teach.state': SIGNED_IN,
  'teach.profile': SIGNED_IN,
  'teach.start': [T],
  'teach.mark': [T],
  'teach.scriptedHand': [T],
  'teach.finish': [T],
  'teach.cancel': [T],
  'teach.jog': [T],
  'teach.validate': [T],
  'teach.simulator': [C, T],
  'tasks.list': SIGNED_IN,
  'tasks.get': SIGNED_IN,
  'tasks.save': [T],
  'tasks.duplicate': [T],
  'tasks.assign': [T],
  'tasks.export': [T],
  'tasks.import': [T],
  'tasks.run': [C, T],
  'tasks.control': [C, T],
};

/** Allowed while locked (besides the signed-out set). */
const WHEN_LOCKED = ['robots.emergencyStop', 'robots.list', 'tasks.control'];

let dir: string;
let world: AuthWorld;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'genba-role-matrix-'));
  world = await createAuthWorld(dir);
}, 60_000);

afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A number is never valid arguments, so an allowed call stops at validation
 * ('invalid-arguments') and a refused one at the permission check — nothing runs either way.
 */
async function outcome(who: Who, channel: string, locked = false): Promise<string> {
  const session =
    who === 'signed-out'
      ? world.services.dispatcher.createSession('internal')
      : world.sessions[who];
  if (locked) session.lock();
  try {
    const reply = await world.call(session, channel, 42);
    return reply.ok ? 'ok' : reply.error.code;
  } finally {
    if (locked) session.unlock();
  }
}

describe('role matrix', () => {
  it('covers every channel of the contract', () => {
    expect(Object.keys(requestChannels).filter((c) => !(c in MATRIX))).toEqual([]);
  });

  const rows = Object.entries(MATRIX).flatMap(([channel, allowed]) =>
    EVERYONE.map((who) => [channel, who, allowed.includes(who)] as const),
  );

  it.each(rows)('%s as %s → allowed: %s', async (channel, who, allowed) => {
    const code = await outcome(who, channel);
    if (allowed) expect(code).toBe('invalid-arguments');
    else expect(code).toBe(who === 'signed-out' ? 'sign-in-required' : 'forbidden');
  });

  const lockedRows = Object.keys(MATRIX).flatMap((channel) =>
    SIGNED_IN.map((who) => [channel, who] as const),
  );

  it.each(lockedRows)('%s as %s while locked', async (channel, who) => {
    const code = await outcome(who, channel, true);
    const open = MATRIX[channel]!.includes('signed-out') || WHEN_LOCKED.includes(channel);
    const allowed = open && MATRIX[channel]!.includes(who);
    expect(code).toBe(allowed ? 'invalid-arguments' : open ? 'forbidden' : 'session-locked');
  });
});
