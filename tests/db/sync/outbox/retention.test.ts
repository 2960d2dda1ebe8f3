import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../../db/open-database';
import { setConsent } from '../../../../db/sync/consent';
import {
  DEFAULT_BATCH_LIMITS,
  enqueueManyForDonation,
  loadBatch,
  markBatchSent,
  outboxLines,
  pruneSentPayloads,
  quarantineBatch,
  SENT_RETENTION_MS,
  takeNextBatch,
  uploadHistory,
} from '../../../../db/sync/outbox';
import { sweepSources } from '../../../../db/sync/sources';
import { profileJointLimits } from '../../../../native/robots/robot-profile';
import { useTempDir } from '../../../helpers/temp-dir';
import { fillOutbox, T0 } from '../fixtures';

const tempDir = useTempDir('genba-sync-retention-');
const DAY = 86_400_000;
const LIMITS = { ...DEFAULT_BATCH_LIMITS, maxBytes: 64 * 1024 };

function open(path: string) {
  const { db } = openDatabase(path);
  return db;
}

const count = (db: Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('outbox retention', () => {
  it('drops the text of acknowledged records once old enough, keeps their history and everything unsent', () => {
    const path = join(tempDir(), 'sync.sqlite');
    let db = open(path);
    setConsent(db, {
      categories: ['telemetry-rollups'],
      enabled: true,
      actor: 'test',
      nowMs: T0,
    });
    // Bulk rollups first (chunk rows with payloads), then single records (inline lines).
    db.transaction(() => {
      enqueueManyForDonation(
        db,
        'telemetry-rollups',
        Array.from({ length: 300 }, (_, i) => ({
          robotId: `robot-${i % 3}`,
          model: 'openmanipulator-x',
          firmware: 46,
          joint: `joint${(i % 4) + 1}`,
          tMs: T0 - (i % 2) * 3_600_000,
          samples: 36_000,
          temperatureMeanC: 40 + (i % 7) * 0.1,
          temperatureMaxC: 45,
          currentMeanA: 0.2,
          currentMaxA: 0.9,
          voltageMinV: 11.5,
          voltageMeanV: 12,
          velocityAbsMaxRadS: 1.5,
          positionMinRad: -1,
          positionMaxRad: 1,
          hwErrorBits: 0,
        })),
        T0,
      );
    })();
    fillOutbox(db, 3000);
    // Three batches acknowledged on day 0, one quarantined, one left in flight, the rest pending.
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = takeNextBatch(db, LIMITS, T0)!;
      markBatchSent(db, batch.id, { status: 201, gzipBytes: 100, nowMs: T0 });
      sent.push(batch.id);
    }
    const refused = takeNextBatch(db, LIMITS, T0)!;
    quarantineBatch(db, refused.id, { status: 409, error: 'conflict', nowMs: T0 });
    const inFlight = takeNextBatch(db, LIMITS, T0)!;
    // Acknowledged later (day 20): not old enough at day 31.
    const late = takeNextBatch(db, LIMITS, T0, [inFlight.id])!;
    markBatchSent(db, late.id, { status: 201, gzipBytes: 100, nowMs: T0 + 20 * DAY });

    const sentLines = outboxLines(db, ['sent']).length;
    const pendingBefore = outboxLines(db, ['pending']);
    const quarantinedBefore = outboxLines(db, ['quarantined']);
    const historyBefore = uploadHistory(db, 100);
    const payloadsBefore = count(db, 'SELECT count(*) AS n FROM sync_payloads');
    expect(sentLines).toBeGreaterThan(0);
    expect(payloadsBefore).toBeGreaterThan(0);
    // The acknowledged batches hold both chunk rows (payloads) and single inline lines.
    const inSent = (extra: string) =>
      count(
        db,
        `SELECT count(*) AS n FROM sync_outbox o WHERE o.batch_id IN ('${sent.join("','")}') AND ${extra}`,
      );
    expect(inSent('o.id IN (SELECT id FROM sync_payloads)')).toBeGreaterThan(0);
    expect(inSent("o.line != ''")).toBeGreaterThan(0);
    expect(pendingBefore.length).toBeGreaterThan(0);

    // Not yet: the retention has not passed for anything.
    expect(pruneSentPayloads(db, T0 + SENT_RETENTION_MS - 1)).toBe(0);
    expect(outboxLines(db, ['sent']).length).toBe(sentLines);
    db.close();

    // Day 31, through the periodic sweep, on the reopened file.
    db = open(path);
    const day31 = T0 + 31 * DAY;
    const sweep = sweepSources(db, day31, profileJointLimits());
    const lateLines = late.body.toString('utf8').trim().split('\n').length;
    expect(sweep.pruned).toBe(sentLines - lateLines);
    db.close();

    db = open(path);
    // The day-0 batches lost their text; the late batch kept it.
    expect(outboxLines(db, ['sent'])).toEqual(late.body.toString('utf8').trim().split('\n'));
    expect(
      count(
        db,
        `SELECT count(*) AS n FROM sync_outbox o JOIN sync_payloads p ON p.id = o.id
         WHERE o.batch_id IN ('${sent.join("','")}')`,
      ),
    ).toBe(0);
    expect(
      count(
        db,
        `SELECT count(*) AS n FROM sync_outbox WHERE line != '' AND batch_id IN ('${sent.join("','")}')`,
      ),
    ).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM sync_payloads')).toBeLessThan(payloadsBefore);
    // History stays: batch rows and outbox rows (with their sizes), nothing unsent touched.
    expect(uploadHistory(db, 100)).toEqual(historyBefore);
    expect(
      count(db, `SELECT count(*) AS n FROM sync_outbox WHERE batch_id IN ('${sent.join("','")}')`),
    ).toBeGreaterThan(0);
    expect(outboxLines(db, ['pending'])).toEqual(pendingBefore);
    expect(outboxLines(db, ['quarantined'])).toEqual(quarantinedBefore);
    expect(loadBatch(db, inFlight.id)?.body.equals(inFlight.body)).toBe(true);

    // A second run finds nothing new; day 51 takes the late batch too.
    expect(pruneSentPayloads(db, day31 + 1000)).toBe(0);
    expect(pruneSentPayloads(db, T0 + 51 * DAY)).toBe(lateLines);
    expect(outboxLines(db, ['sent'])).toEqual([]);
    expect(outboxLines(db, ['pending'])).toEqual(pendingBefore);
    db.close();
  });
});
