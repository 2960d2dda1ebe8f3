import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../../db/open-database';
import { setConsent } from '../../../../db/sync/consent';
import { assertInDictionary } from '../../../../db/sync/data-dictionary';
import { enqueueForDonation } from '../../../../db/sync/outbox/admission';
import { previewNextBatch } from '../../../../db/sync/outbox/batches';
import { K_ANONYMITY, withholdExpired } from '../../../../db/sync/outbox/k-anonymity';
import { queueVolumes } from '../../../../db/sync/outbox/status';
import { useTempDir } from '../../../helpers/temp-dir';
import { rollup, T0 } from '../fixtures';

const tempDir = useTempDir('genba-sync-');

function open() {
  return openDatabase(join(tempDir(), 'sync.sqlite')).db;
}

describe('outbox k-anonymity', () => {
  it('holds records until their quasi-identifier combination is seen k times, then releases them', () => {
    const db = open();
    setConsent(db, { categories: ['telemetry-rollups'], enabled: true, actor: 'admin', nowMs: T0 });
    for (let i = 0; i < K_ANONYMITY - 1; i++) {
      expect(enqueueForDonation(db, 'telemetry-rollups', rollup('r1', i), T0)).toBe('held');
    }
    expect(previewNextBatch(db, { maxBytes: 1 << 20, maxRecords: 100 })).toBeNull();
    expect(enqueueForDonation(db, 'telemetry-rollups', rollup('r1', 4), T0)).toBe('queued');
    const preview = previewNextBatch(db, { maxBytes: 1 << 20, maxRecords: 100 })!;
    expect(preview.records).toBe(K_ANONYMITY);
    const text = preview.body.toString();
    expect(text).not.toMatch(/Hanako|FT4ABCD9|Tanaka|r1/);
    for (const line of text.trim().split('\n')) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(() => assertInDictionary(record)).not.toThrow();
      expect(record).toMatchObject({
        kind: 'telemetry_rollup',
        schema: 1,
        hour: '2026-11-23T10Z',
        temp_mean: 41.2,
      });
    }
  });

  it('withholds and counts combinations that stay rarer than k', () => {
    const db = open();
    setConsent(db, { categories: ['fault-episodes'], enabled: true, actor: 'admin', nowMs: T0 });
    const fault = {
      robotId: 'r1',
      model: 'robotiq-2f85',
      fault: 'overheating',
      severity: 'error',
      startMs: T0,
    };
    expect(enqueueForDonation(db, 'fault-episodes', fault, T0)).toBe('held');
    expect(withholdExpired(db, T0 + 3_600_000)).toBe(0); // day not over yet
    expect(withholdExpired(db, T0 + 2 * 86_400_000)).toBe(1);
    expect(queueVolumes(db).find((v) => v.category === 'fault-episodes')).toMatchObject({
      held: 0,
      withheld: 1,
    });
  });
});
