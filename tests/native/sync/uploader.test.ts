import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { setConsent } from '../../../db/sync/consent';
import { outboxLines } from '../../../db/sync/outbox';
import { parseEndpoint } from '../../../native/sync/endpoint';
import { directSyncDb } from '../../../native/sync/sync-db';
import { Uploader } from '../../../native/sync/uploader';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';
import { fillOutbox, ridOf, T0 } from '../../db/sync/fixtures';

const tempDir = useTempDir('genba-uploader-');
let server: ReferenceIngestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function filled() {
  const opened = openDatabase(join(tempDir(), 'sync.sqlite'));
  setConsent(opened.db, {
    categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
    enabled: true,
    actor: 'test',
    nowMs: T0,
  });
  fillOutbox(opened.db, 3000);
  return { db: opened.db, expected: outboxLines(opened.db, ['pending']).map(ridOf) };
}

/** The most requests on the wire at once, as the uploader reports them (every PUT answered). */
function watch() {
  let open = 0;
  const seen = { max: 0 };
  return {
    seen,
    onRequest: (_id: string, phase: 'start' | 'end') => {
      open += phase === 'start' ? 1 : -1;
      seen.max = Math.max(seen.max, open);
    },
  };
}

describe('uploader', () => {
  it('keeps several batches on the wire against a slow receiver; each is stored once', async () => {
    server = await startReferenceIngestServer({ faults: { rates: { slow: 1 }, slowMs: 30 } });
    const { db, expected } = filled();
    const w = watch();
    const uploader = new Uploader({
      db: directSyncDb(db),
      endpoint: parseEndpoint(server.url),
      token: 'test-facility-token',
      limits: { maxBytes: 32 * 1024, maxRecords: 10_000 },
      concurrency: 3,
      onRequest: w.onRequest,
    });
    const pass = await uploader.runPass();
    expect(pass.stop).toBe('drained');
    expect(pass.sent.length).toBeGreaterThan(6);
    expect(w.seen.max).toBe(3);
    const received = server.lines().map(ridOf);
    expect(received.length).toBe(expected.length);
    expect(new Set(received)).toEqual(new Set(expected));
    expect(outboxLines(db, ['pending', 'in-flight'])).toEqual([]);
    db.close();
  });

  it('loses and repeats nothing when PUTs in flight together fail', async () => {
    server = await startReferenceIngestServer();
    server.queueFaults('error-500', 'drop-after-store', 'error-500');
    const { db, expected } = filled();
    const uploader = new Uploader({
      db: directSyncDb(db),
      endpoint: parseEndpoint(server.url),
      token: 'test-facility-token',
      limits: { maxBytes: 32 * 1024, maxRecords: 10_000 },
      backoffBaseMs: 1,
      backoffCapMs: 5,
      concurrency: 4,
    });
    const pass = await uploader.runPass({ maxConsecutiveFailures: 10 });
    expect(pass.stop).toBe('drained');
    expect(pass.problems.length).toBeGreaterThanOrEqual(2);
    expect(server.stats.byStatus[200] ?? 0).toBeGreaterThan(0); // the lost 201, sent again
    const received = server.lines().map(ridOf);
    expect(received.length).toBe(expected.length);
    expect(new Set(received)).toEqual(new Set(expected));
    expect(outboxLines(db, ['pending', 'in-flight'])).toEqual([]);
    db.close();
  });
});
