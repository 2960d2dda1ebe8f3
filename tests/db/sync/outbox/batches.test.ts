import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../../db/open-database';
import { setConsent } from '../../../../db/sync/consent';
import { enqueueForDonation } from '../../../../db/sync/outbox/admission';
import {
  markBatchSent,
  previewNextBatch,
  sha256Hex,
  splitBatch,
  takeNextBatch,
} from '../../../../db/sync/outbox/batches';
import { useTempDir } from '../../../helpers/temp-dir';
import { fillOutbox, rollup, T0 } from '../fixtures';

const tempDir = useTempDir('genba-sync-');

function open() {
  return openDatabase(join(tempDir(), 'sync.sqlite')).db;
}

describe('outbox batches', () => {
  it('records a batch as in flight under the sha256 of its body and rebuilds the same bytes', () => {
    const db = open();
    setConsent(db, { categories: ['telemetry-rollups'], enabled: true, actor: 'admin', nowMs: T0 });
    for (let i = 0; i < 50; i++)
      enqueueForDonation(db, 'telemetry-rollups', rollup(`r${i % 2}`, i), T0);
    const limits = { maxBytes: 4000, maxRecords: 1000 };
    const preview = previewNextBatch(db, limits)!;
    const batch = takeNextBatch(db, limits, T0)!;
    expect(batch.id).toBe(preview.id);
    expect(batch.id).toBe(sha256Hex(batch.body));
    expect(batch.body.length).toBeLessThanOrEqual(4000);
    // "Crash": take again → the in-flight batch comes back byte for byte.
    const again = takeNextBatch(db, limits, T0)!;
    expect(again.id).toBe(batch.id);
    expect(again.body.equals(batch.body)).toBe(true);
    const parts = splitBatch(db, batch.id, T0);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.records + parts[1]!.records).toBe(batch.records);
    for (const part of parts) markBatchSent(db, part.id, { status: 201, nowMs: T0 });
    const next = takeNextBatch(db, limits, T0)!;
    expect(next.id).not.toBe(batch.id);
  });

  it('rebuilds a batch that spans categories with the same bytes after a crash', () => {
    const db = open();
    setConsent(db, {
      categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
      enabled: true,
      actor: 'admin',
      nowMs: T0,
    });
    fillOutbox(db, 400);
    const limits = { maxBytes: 200_000, maxRecords: 10_000 };
    const batch = takeNextBatch(db, limits, T0)!;
    expect(Object.keys(batch.categories).length).toBeGreaterThan(1);
    const again = takeNextBatch(db, limits, T0)!; // as after a restart: the in-flight batch again
    expect(again.id).toBe(batch.id);
    expect(again.body.equals(batch.body)).toBe(true);
    // The uploader's pipeline takes the next batch while this one is still in flight.
    const next = takeNextBatch(db, limits, T0, [batch.id]);
    expect(next?.id ?? null).not.toBe(batch.id);
  });
});
