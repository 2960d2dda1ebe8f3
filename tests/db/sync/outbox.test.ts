import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { setConsent } from '../../../db/sync/consent';
import {
  CHUNK_MAX_LINES,
  enqueueForDonation,
  enqueueManyForDonation,
  K_ANONYMITY,
  outboxLines,
  markBatchSent,
  previewNextBatch,
  queueVolumes,
  sha256Hex,
  splitBatch,
  takeNextBatch,
  withholdExpired,
} from '../../../db/sync/outbox';
import { assertInDictionary, DATA_DICTIONARY } from '../../../db/sync/data-dictionary';
import {
  closeExpiredPeriods,
  currentPeriod,
  robotPseudonym,
} from '../../../db/sync/donation-periods';
import { useTempDir } from '../../helpers/temp-dir';
import { fillOutbox } from './fixtures';

const tempDir = useTempDir('genba-sync-');
const T0 = Date.UTC(2026, 10, 23, 10, 17, 42);

function open() {
  return openDatabase(join(tempDir(), 'sync.sqlite')).db;
}

function rollup(robotId: string, i: number) {
  return {
    robotId,
    model: 'openmanipulator-x',
    firmware: 46,
    joint: `joint${(i % 4) + 1}`,
    tMs: T0,
    samples: 36_000,
    temperatureMeanC: 41.234,
    temperatureMaxC: 47,
    currentMeanA: 0.1234,
    currentMaxA: 0.9,
    voltageMinV: 11.6,
    voltageMeanV: 12.01,
    velocityAbsMaxRadS: 1.5,
    positionMinRad: -1.2,
    positionMaxRad: 1.3,
    hwErrorBits: 0,
    // Identifying junk a careless caller might pass along: never copied.
    name: 'Hanako-san arm',
    serialNumber: 'FT4ABCD9',
    note: 'Resident Tanaka needed help',
  };
}

describe('outbox', () => {
  it('queues nothing until the category is consented', () => {
    const db = open();
    expect(enqueueForDonation(db, 'telemetry-rollups', rollup('r1', 0), T0)).toBe('no-consent');
    expect(queueVolumes(db).every((v) => v.records === 0 && v.held === 0)).toBe(true);
  });

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

  it('pseudonyms differ between periods and cannot be recomputed once the key is destroyed', () => {
    const db = open();
    const p1 = db.transaction(() => currentPeriod(db, T0))();
    const a = robotPseudonym(db, p1, 'robot-a');
    expect(robotPseudonym(db, p1, 'robot-a')).toBe(a);
    db.transaction(() => closeExpiredPeriods(db, T0, true))();
    const row = db.prepare('SELECT key, closed_ms FROM sync_periods WHERE id = ?').get(p1.id) as {
      key: Buffer | null;
      closed_ms: number;
    };
    expect(row.key).toBeNull();
    expect(() => robotPseudonym(db, p1, 'robot-a')).toThrow(/closed/);
    const p2 = db.transaction(() => currentPeriod(db, T0 + 1))();
    expect(robotPseudonym(db, p2, 'robot-a')).not.toBe(a);
  });

  it('publishes every kind with its fields in both languages', () => {
    for (const spec of DATA_DICTIONARY) {
      for (const field of spec.fields) {
        expect(field.description.en.length).toBeGreaterThan(3);
        expect(field.description.ja.length).toBeGreaterThan(1);
      }
    }
    expect(() => assertInDictionary({ kind: 'telemetry_rollup', schema: 1, note: 'x' })).toThrow();
  });
});
