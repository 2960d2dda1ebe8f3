import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { setConsent } from '../../../db/sync/consent';
import { directSyncDb } from '../../../native/sync/sync-db';
import { SyncService, type SyncStatusSnapshot } from '../../../native/sync/sync-service';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';
import { fillOutbox, T0 } from '../../db/sync/fixtures';

const tempDir = useTempDir('genba-sync-service-');
let server: ReferenceIngestServer | null = null;
let service: SyncService | null = null;
afterEach(async () => {
  await service?.stop();
  await server?.close();
  service = null;
  server = null;
});

async function until(
  service: SyncService,
  check: (s: SyncStatusSnapshot) => boolean,
  timeoutMs = 10_000,
): Promise<SyncStatusSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await service.status();
    if (check(status)) return status;
    if (Date.now() > deadline)
      throw new Error(
        `status never matched: ${JSON.stringify(status.state)} ${JSON.stringify(status.problem)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

function setup(link = { up: true }) {
  const { db } = openDatabase(join(tempDir(), 'facility.sqlite'));
  setConsent(db, {
    categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
    enabled: true,
    actor: 'admin',
    nowMs: T0,
  });
  const changes: number[] = [];
  service = new SyncService({
    db: directSyncDb(db),
    networkLink: () => link.up,
    onChange: () => changes.push(Date.now()),
    idleWaitMs: 100,
    backoffBaseMs: 20,
  });
  return { db, service, changes };
}

describe('SyncService', () => {
  it('says plainly that it is not set up, then uploads everything once an admin sets the endpoint', async () => {
    const { db, service, changes } = setup();
    fillOutbox(db, 600);
    server = await startReferenceIngestServer();
    await service.start();
    const notSetUp = await until(service, (s) => s.state === 'not-configured');
    expect(notSetUp.problem?.code).toBe('not-configured');
    expect(notSetUp.problem?.ja).toMatch(/設定/);
    await service.setEndpoint(server.url, 'test-facility-token', 'admin');
    const done = await until(service, (s) => s.state === 'idle' && s.lastUpload !== null);
    expect(done.online).toBe(true);
    expect(done.queue.reduce((sum, q) => sum + q.records, 0)).toBe(0);
    expect(server.lines().length).toBe(done.uploadedThisSession.records);
    await new Promise((r) => setTimeout(r, 300)); // notifications are coalesced (200 ms)
    expect(changes.length).toBeGreaterThan(0);
  });

  it('pauses and resumes; a refused token stops uploads until a new one is set', async () => {
    const { db, service } = setup();
    server = await startReferenceIngestServer();
    await service.start();
    await service.setPaused(true, 'admin');
    await service.setEndpoint(server.url, 'wrong-token', 'admin');
    fillOutbox(db, 200);
    const paused = await until(service, (s) => s.state === 'paused');
    expect(paused.queue.some((q) => q.records > 0)).toBe(true);
    expect(server.stats.puts).toBe(0);
    await service.setPaused(false, 'admin');
    const refused = await until(service, (s) => s.state === 'unauthorized');
    expect(refused.problem?.code).toBe('unauthorized');
    expect(refused.problem?.en).toMatch(/token/);
    await service.setEndpoint(server.url, 'test-facility-token', 'admin');
    await until(service, (s) => s.state === 'idle' && s.queue.every((q) => q.records === 0));
  });

  it('is offline without a network link or when the endpoint does not answer, and catches up after', async () => {
    const link = { up: false };
    const { db, service } = setup(link);
    server = await startReferenceIngestServer();
    await service.setEndpoint(server.url, 'test-facility-token', 'admin');
    fillOutbox(db, 200);
    await service.start();
    const noLink = await until(service, (s) => s.state === 'offline');
    expect(noLink.networkLink).toBe(false);
    expect(noLink.problem?.en).toMatch(/no network connection/);
    link.up = true;
    service.nudge();
    await until(service, (s) => s.state === 'idle' && s.lastUpload !== null, 15_000);
    // The endpoint goes away: offline with the reason, nothing lost.
    const url = server.url;
    await server.close();
    server = null;
    await service.setEndpoint(url, null, 'admin');
    const down = await until(
      service,
      (s) => s.state === 'offline' && s.endpointReachable === false,
    );
    expect(down.problem?.en).toMatch(/does not answer/);
  });

  it('applies a bandwidth cap at once and keeps it', async () => {
    const { db, service } = setup();
    await service.start();
    await service.setBandwidth(50_000, 'admin');
    expect((await service.status()).bandwidthBytesPerSecond).toBe(50_000);
    await service.stop();
    const again = new SyncService({ db: directSyncDb(db), networkLink: () => true });
    await again.start();
    expect((await again.status()).bandwidthBytesPerSecond).toBe(50_000);
    await again.stop();
  });
});
