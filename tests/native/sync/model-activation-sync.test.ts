/**
 * A model update activated from the Sync area (real SQLite file, real inference host) is the
 * pack the diagnostics service runs and the one its alerts are recorded with, exactly as an
 * activation from the Models area; a rollback from the Sync area likewise.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DbClient } from '../../../db/db-client';
import type { Alert, AlertListener } from '../../../native/model/alerts';
import { RegistryModelPackInstaller } from '../../../native/sync/model-update';
import { EventHub } from '../../../electron/server/event-hub';
import { startDiagnostics } from '../../../electron/server/diagnostics-runtime';
import { useTempDir } from '../../helpers/temp-dir';
import { writeTestPack } from '../model/test-pack';

const tempDir = useTempDir('genba-model-sync-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An alert as the service reports it (its listeners are how the handlers record alerts). */
function raise(listenersOf: unknown, id: string): void {
  const alert: Alert = {
    id,
    robot: 'arm-1',
    joint: 'joint2',
    fault: 'overheating',
    state: 'raised',
    raisedMs: Date.now(),
    acknowledgedMs: null,
    acknowledgedBy: null,
    resolvedMs: null,
    confidence: 0.9,
    anomaly: 0.5,
    byHardware: false,
    evidence: [],
  };
  for (const listener of (listenersOf as { listeners: AlertListener[] }).listeners)
    listener(alert, 'raised');
}

async function recordedModel(db: DbClient, id: string): Promise<string | null> {
  for (let i = 0; i < 100; i++) {
    const alert = (await db.call('listAlerts', { limit: 100 })).find((a) => a.id === id);
    if (alert) return alert.model;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`alert ${id} was never recorded`);
}

describe('model update activated from the Sync area', () => {
  it('is the model the diagnostics service runs and records alerts with; rollback too', async () => {
    const root = tempDir();
    const db = await DbClient.open({ path: join(root, 'genba.sqlite') });
    cleanups.push(() => db.close());
    // The offered update is signed with the development key, believed here as in the demo.
    const runtime = startDiagnostics({
      db,
      events: new EventHub(),
      packTrust: () => ({ developmentKey: true }),
    });
    cleanups.push(() => runtime.close());
    await runtime.ready;
    const bundled = (await runtime.registry.list()).find((p) => p.state === 'active')!;
    expect(runtime.service.activeModel).toBe(`${bundled.name}@${bundled.version}`);

    // What sync.checkModelUpdate and sync.activateModelUpdate do with a downloaded pack.
    const staged = join(root, 'update');
    await writeTestPack(staged, { name: 'consortium-diagnostics', version: '2.0.0' });
    const installer = new RegistryModelPackInstaller(runtime.registry);
    const pack = await installer.install(staged);
    expect(pack.state).toBe('available');
    expect(runtime.service.activeModel).toBe(`${bundled.name}@${bundled.version}`);

    await installer.activate(pack.id);
    expect(runtime.service.activeModel).toBe('consortium-diagnostics@2.0.0');
    raise(runtime.service, 'after-update');
    expect(await recordedModel(db, 'after-update')).toBe('consortium-diagnostics@2.0.0');

    await installer.rollback();
    expect(runtime.service.activeModel).toBe(`${bundled.name}@${bundled.version}`);
    raise(runtime.service, 'after-rollback');
    expect(await recordedModel(db, 'after-rollback')).toBe(`${bundled.name}@${bundled.version}`);
  });
});
