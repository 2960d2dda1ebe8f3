/**
 * The flight recorder on a database that cannot grow (SQLite's own SQLITE_FULL, from a page
 * limit): a failed flush keeps every accepted sample and rollup, and the next flush writes them.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { SECOND } from '../../../db/telemetry/rollups';
import { TelemetryStore } from '../../../db/telemetry/telemetry-store';
import type { TelemetrySample } from '../../../native/domain';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

function samples(joint: string, startMs: number, count: number): TelemetrySample[] {
  return Array.from({ length: count }, (_, i) => ({
    tMs: startMs + i * 20,
    joint,
    positionRad: Math.sin(i / 50) + i * 1e-4,
    velocityRadS: Math.cos(i / 30),
    currentA: (i % 41) / 40,
    voltageV: 12 + (i % 9) / 10,
    temperatureC: 30 + (i % 5),
    hwError: i % 997 === 0 ? 4 : 0,
  }));
}

const storedSamples = (db: ReturnType<typeof openDatabase>['db']) =>
  (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM telemetry_chunks').get() as { n: number }).n;

describe('telemetry store when the database is full', () => {
  it('keeps every accepted sample across failed flushes and writes them once there is room', () => {
    const opened = openDatabase(join(tempDir(), 'full.sqlite'));
    const { db } = opened;
    const errors: unknown[] = [];
    const store = new TelemetryStore(db, {
      flushIntervalMs: 0,
      onFlushError: (error) => errors.push(error),
    });
    const pages = (db.pragma('page_count', { simple: true }) as number) + 60;
    db.pragma(`max_page_count = ${pages}`);

    let accepted = 0;
    let t = 1_700_000_000_000;
    const joints = ['j1', 'j2', 'j3', 'j4'];
    let failure: unknown = null;
    while (!failure && accepted < 2_000_000) {
      for (const joint of joints) {
        accepted += store.append({ robotId: 'arm', samples: samples(joint, t, 500) }).accepted;
      }
      t += 500 * 20;
      try {
        store.flush();
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({ code: 'SQLITE_FULL' });
    expect(store.unwrittenSamples).toBeGreaterThan(0);
    const beforeRoom = storedSamples(db);
    expect(beforeRoom).toBeGreaterThan(0);
    expect(beforeRoom + store.unwrittenSamples).toBe(accepted);

    // A read meets the full database too: it answers from disk and reports, without throwing.
    const series = store.series({
      robotId: 'arm',
      joint: 'j1',
      channel: 'position_rad',
      fromMs: 1_700_000_000_000,
      toMs: t,
      points: 100,
    });
    expect(series.sourceCount).toBeGreaterThan(0);
    expect(errors.at(-1)).toMatchObject({ code: 'SQLITE_FULL' });

    db.pragma('max_page_count = 1073741823');
    expect(store.flush().samples).toBe(accepted - beforeRoom);
    expect(storedSamples(db)).toBe(accepted);
    expect(store.unwrittenSamples).toBe(0);
    // The per-second rollups saw every sample exactly once, as if the disk had never filled.
    const perSecond = store.rollupEntries('arm', 'j2', SECOND);
    expect(perSecond.reduce((n, e) => n + e.n, 0)).toBe(accepted / joints.length);
    store.close();
    db.close();
  });
});
