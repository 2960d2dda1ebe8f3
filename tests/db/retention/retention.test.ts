import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../db/open-database';
import { EventsRepository } from '../../../db/repositories/events-repository';
import { SettingsRepository } from '../../../db/repositories/settings-repository';
import { RetentionEnforcer, usedBytes } from '../../../db/retention/retention';
import { CHANNEL_STEPS } from '../../../db/telemetry/channels';
import { TelemetryStore } from '../../../db/telemetry/telemetry-store';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 10, 12);

function fill(store: TelemetryStore, fromMs: number, toMs: number, hz = 20) {
  const step = 1000 / hz;
  let i = 0;
  for (let t = fromMs; t < toMs; t += step * 200) {
    const samples = [];
    for (let k = 0; k < 200 && t + k * step < toMs; k++, i++) {
      samples.push({
        tMs: t + k * step,
        joint: 'joint1',
        positionRad: Math.round(Math.sin(i / 50) * 900) * CHANNEL_STEPS[0]!,
        velocityRadS: ((i * 7) % 13) * CHANNEL_STEPS[1]!,
        currentA: ((i * 31) % 97) * CHANNEL_STEPS[2]!,
        voltageV: 120 * CHANNEL_STEPS[3]!,
        temperatureC: 35,
        hwError: 0,
      });
    }
    store.append({ robotId: 'arm-1', samples });
  }
  store.flush();
}

function counts(db: Database) {
  const q = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    chunks: q('SELECT count(*) AS n FROM telemetry_chunks'),
    seconds: q('SELECT count(*) AS n FROM telemetry_rollups WHERE level = 1000'),
    minutes: q('SELECT count(*) AS n FROM telemetry_rollups WHERE level = 60000'),
  };
}

function setup() {
  const opened = openDatabase(join(tempDir(), 'retention.sqlite'));
  const store = new TelemetryStore(opened.db, { flushIntervalMs: 0 });
  const events = new EventsRepository(opened.db);
  return { db: opened.db, store, events, retention: new RetentionEnforcer(opened.db) };
}

function systemEvents(db: Database) {
  return (
    db.prepare("SELECT text, data FROM events WHERE kind = 'system' ORDER BY id").all() as {
      text: string;
      data: string;
    }[]
  ).map((row) => ({ text: row.text, data: JSON.parse(row.data) as Record<string, unknown> }));
}

describe('telemetry retention', () => {
  it('drops old full rate outside keep windows, keeps the window around a fault and the rollups, and says so', () => {
    const { db, store, events, retention } = setup();
    fill(store, NOW - 30 * HOUR, NOW - 29 * HOUR); // old
    fill(store, NOW - 2 * HOUR, NOW - 1 * HOUR); // recent
    const faultAt = NOW - 29.5 * HOUR;
    events.append({
      tMs: faultAt,
      robotId: 'arm-1',
      kind: 'fault',
      severity: 'error',
      text: 'joint1 overload',
    });
    const before = counts(db);

    const dropped = retention.enforce(NOW);
    expect(dropped.map((d) => [d.category, d.reason])).toEqual([['full-rate', 'age']]);
    // Full rate is left only around the fault and in the recent hour.
    const old = store.readRaw('arm-1', 'joint1', NOW - 30 * HOUR, NOW - 29 * HOUR);
    expect(old.tMs.length).toBeGreaterThan(0);
    expect(Math.min(...old.tMs)).toBeGreaterThanOrEqual(faultAt - 60_000 - 10_000);
    expect(Math.max(...old.tMs)).toBeLessThanOrEqual(faultAt + 60_000 + 10_000);
    expect(old.tMs.filter((t) => t >= faultAt - 60_000 && t <= faultAt + 60_000)).toHaveLength(
      2 * 60 * 20 + 1,
    );
    expect(store.readRaw('arm-1', 'joint1', NOW - 2 * HOUR, NOW - HOUR).tMs).toHaveLength(
      HOUR / 50,
    );
    const after = counts(db);
    expect(after.seconds).toBe(before.seconds);
    expect(after.minutes).toBe(before.minutes);
    expect(before.chunks - after.chunks).toBe(dropped[0]!.rows);

    const [logged] = systemEvents(db);
    expect(logged!.text).toMatch(
      /^Retention: dropped full-rate telemetry outside alert, fault and task windows from 2026-03-09T06:00:00Z to .* samples.*summaries of that time are kept/,
    );
    expect(logged!.data).toMatchObject({
      code: 'telemetry-evicted',
      category: 'full-rate',
      reason: 'age',
      rows: dropped[0]!.rows,
      samples: dropped[0]!.samples,
    });
    // Applying it again drops nothing more.
    expect(retention.enforce(NOW)).toEqual([]);
    db.close();
  });

  it('applies the age limits of kept windows and rollups from the settings', () => {
    const { db, store, events, retention } = setup();
    fill(store, NOW - 100 * 24 * HOUR, NOW - 100 * 24 * HOUR + HOUR, 5);
    events.append({
      tMs: NOW - 100 * 24 * HOUR + 1000,
      robotId: 'arm-1',
      kind: 'alert',
      severity: 'warning',
      text: 'hot',
    });
    new SettingsRepository(db).set('telemetry.perMinuteDays', 90, NOW);
    const dropped = retention.enforce(NOW);
    expect(dropped.map((d) => d.category)).toEqual([
      'full-rate',
      'full-rate-kept',
      'per-second',
      'per-minute',
    ]);
    expect(counts(db)).toEqual({ chunks: 0, seconds: 0, minutes: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM keep_windows').get()).toEqual({ n: 0 });
    db.close();
  });

  it('evicts for the size budget in the documented order, stopping as soon as it fits', () => {
    const { db, store, events, retention } = setup();
    fill(store, NOW - 6 * HOUR, NOW, 20);
    events.append({
      tMs: NOW - 5.5 * HOUR,
      robotId: 'arm-1',
      kind: 'task',
      severity: 'info',
      text: 'Task ended',
      data: { phase: 'end', startedMs: NOW - 5.6 * HOUR },
    });
    events.append({
      tMs: NOW - 5.9 * HOUR,
      robotId: 'arm-1',
      kind: 'fault',
      severity: 'error',
      text: 'overload',
    });
    const used = usedBytes(db);
    const chunkBytes = (
      db.prepare('SELECT sum(length(data)) AS n FROM telemetry_chunks').get() as { n: number }
    ).n;
    // A budget that dropping about a third of the full-rate chunks satisfies.
    const settings = {
      fullRateHours: 24,
      keepWindowS: 60,
      keepWindowDays: 90,
      perSecondDays: 30,
      perMinuteDays: 0,
      budgetMB: (used - chunkBytes / 3) / 0.9 / 1024 / 1024,
    };
    const before = counts(db);
    const dropped = retention.enforce(NOW, settings);
    expect(dropped.map((d) => [d.category, d.reason])).toEqual([['full-rate', 'budget']]);
    // The oldest went first, and nothing inside the kept windows.
    const kept = store.readRaw('arm-1', 'joint1', NOW - 6 * HOUR, NOW);
    expect(kept.tMs.some((t) => t >= NOW - 5.6 * HOUR - 60_000 && t < NOW - 5.5 * HOUR)).toBe(true);
    expect(
      kept.tMs.filter((t) => t >= NOW - 5.9 * HOUR - 60_000 && t <= NOW - 5.9 * HOUR + 60_000),
    ).toHaveLength(2401);
    const firstGap = dropped[0]!;
    expect(firstGap.fromMs).toBe(NOW - 6 * HOUR);
    expect(kept.tMs.at(-1)).toBe(NOW - 50);
    expect(counts(db).seconds).toBe(before.seconds);
    expect(systemEvents(db).at(-1)!.text).toMatch(
      /^Storage limit of .* MB reached: dropped full-rate telemetry outside/,
    );

    // A budget nothing can meet: everything goes, in order, each step recorded.
    const all = retention.enforce(NOW, { ...settings, budgetMB: 0.0001 });
    expect(all.map((d) => d.category)).toEqual([
      'full-rate',
      'full-rate-kept',
      'per-second',
      'per-minute',
    ]);
    expect(
      systemEvents(db)
        .slice(-4)
        .map((e) => e.data.category),
    ).toEqual(['full-rate', 'full-rate-kept', 'per-second', 'per-minute']);
    expect(counts(db)).toEqual({ chunks: 0, seconds: 0, minutes: 0 });
    db.close();
  });
});
