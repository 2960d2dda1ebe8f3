import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../../db/open-database';
import { setConsent } from '../../../../db/sync/consent';
import { assertInDictionary } from '../../../../db/sync/data-dictionary';
import { enqueueForDonation, enqueueManyForDonation } from '../../../../db/sync/outbox/admission';
import { splitBatch, takeNextBatch } from '../../../../db/sync/outbox/batches';
import { CHUNK_MAX_LINES } from '../../../../db/sync/outbox/chunk-writer';
import { outboxLines, queueVolumes } from '../../../../db/sync/outbox/status';
import { useTempDir } from '../../../helpers/temp-dir';
import { rollup, T0 } from '../fixtures';

const tempDir = useTempDir('genba-sync-');

function open() {
  return openDatabase(join(tempDir(), 'sync.sqlite')).db;
}

describe('outbox admission', () => {
  it('queues nothing until the category is consented', () => {
    const db = open();
    expect(enqueueForDonation(db, 'telemetry-rollups', rollup('r1', 0), T0)).toBe('no-consent');
    expect(queueVolumes(db).every((v) => v.records === 0 && v.held === 0)).toBe(true);
  });

  it('stores records enqueued together as chunk rows: same lines, same rules, one row per chunk', () => {
    const one = open();
    const many = open();
    for (const db of [one, many])
      setConsent(db, { categories: ['telemetry-rollups'], enabled: true, actor: 'a', nowMs: T0 });
    const inputs = Array.from({ length: 1000 }, (_, i) => rollup(`r${i % 3}`, i));
    for (const input of inputs) enqueueForDonation(one, 'telemetry-rollups', input, T0);
    const tally = many.transaction(() =>
      enqueueManyForDonation(many, 'telemetry-rollups', inputs, T0),
    )();
    expect(tally).toEqual({ queued: 1000, held: 0, noConsent: 0 });
    const rows = (db: typeof one) =>
      (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    expect(rows(one)).toBe(1000);
    expect(rows(many)).toBeLessThanOrEqual(Math.ceil(1000 / CHUNK_MAX_LINES) + 1);
    expect(queueVolumes(many).find((v) => v.category === 'telemetry-rollups')!.records).toBe(1000);
    // Same records (up to their random rid and each database's own pseudonym key).
    const strip = (line: string) =>
      line.replace(/"rid":"[0-9a-f]{16}","robot":"[0-9a-f]{16}",/, '');
    expect(outboxLines(many).map(strip).sort()).toEqual(outboxLines(one).map(strip).sort());
    for (const line of outboxLines(many))
      expect(() => assertInDictionary(JSON.parse(line) as Record<string, unknown>)).not.toThrow();
    // A batch holding one chunk is cut in two on 413, and every record still leaves once.
    const batch = takeNextBatch(many, { maxBytes: 30_000, maxRecords: 10_000 }, T0)!;
    const parts = splitBatch(many, batch.id, T0);
    expect(parts).toHaveLength(2);
    expect(Buffer.concat(parts.map((p) => p.body)).equals(batch.body)).toBe(true);
    expect(parts.map((p) => p.id)).not.toContain(batch.id);
  });
});
