/**
 * Chart query: one channel of one joint, one hour at 100 Hz (360,000 points) to chart-ready
 * points, next to a plain scan of the same rows from a row-per-sample table (the reference).
 * `node --import tsx tests/bench/log-query.bench.ts`
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbClient } from '../../db/db-client';
import { openDatabase } from '../../db/open-database';
import { CHANNEL_STEPS } from '../../db/telemetry/channels';
import { TelemetryStore } from '../../db/telemetry/telemetry-store';

const dir = mkdtempSync(join(tmpdir(), 'genba-bench-query-'));
const HZ = 100;
const T0 = Date.UTC(2026, 0, 1);
const path = join(dir, 'store.sqlite');
const opened = openDatabase(path);
const store = new TelemetryStore(opened.db, { flushIntervalMs: 0 });
const raw = new Database(join(dir, 'raw.sqlite'));
raw.pragma('journal_mode = WAL');
raw.exec(
  'CREATE TABLE raw (series INTEGER, t INTEGER, c REAL, p REAL); CREATE INDEX raw_st ON raw (series, t);',
);
const insert = raw.prepare('INSERT INTO raw VALUES (1, ?, ?, ?)');
raw.transaction(() => {
  for (let s = 0; s < 3600; s++) {
    const samples = [];
    for (let i = 0; i < HZ; i++) {
      const k = s * HZ + i;
      const sample = {
        tMs: T0 + k * 10,
        joint: 'joint2',
        positionRad: Math.round(Math.sin(k / 500) * 800) * CHANNEL_STEPS[0]!,
        velocityRadS: Math.round(Math.cos(k / 500) * 30) * CHANNEL_STEPS[1]!,
        currentA: (Math.round(Math.cos(k / 300) * 80) + ((k * 7919) % 7) - 3) * CHANNEL_STEPS[2]!,
        voltageV: 12,
        temperatureC: 35,
        hwError: 0,
      };
      samples.push(sample);
      insert.run(sample.tMs, sample.currentA, sample.positionRad);
    }
    store.append({ robotId: 'arm-1', samples });
  }
})();
store.flush();
opened.db.close();

function time(fn: () => unknown, runs = 7): { median: number; result: unknown } {
  const times: number[] = [];
  let result: unknown;
  fn(); // warm up
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, result };
}

const scan = raw.prepare('SELECT t, c FROM raw WHERE series = 1 AND t >= ? AND t < ?').raw(true);
const reference = time(() => scan.all(T0, T0 + 3_600_000).length);
const reader = openDatabase(path, {});
const inProcess = new TelemetryStore(reader.db, { flushIntervalMs: 0 });
const args = {
  robotId: 'arm-1',
  joint: 'joint2',
  channel: 'current_a',
  fromMs: T0,
  toMs: T0 + 3_600_000,
  points: 4000,
};
const ours = time(() => inProcess.series({ ...args, points: 4000 }));
const series = ours.result as ReturnType<TelemetryStore['series']>;
const client = await DbClient.open({ path });
const viaWorker: number[] = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  await client.call('telemetrySeries', args);
  viaWorker.push(performance.now() - started);
}
viaWorker.sort((a, b) => a - b);
const zoomed = time(() => inProcess.series({ ...args, toMs: T0 + 60_000, points: 2000 }));
const day = time(() => inProcess.series({ ...args, toMs: T0 + 24 * 3_600_000, points: 2000 }));
await client.close();
reader.db.close();
raw.close();

console.log(
  `one channel, one hour at ${HZ} Hz (${(reference.result as number).toLocaleString('en')} rows)`,
);
console.log(
  `reference plain scan of the same rows (row per sample, SQLite index range): ${reference.median.toFixed(1)} ms`,
);
console.log(
  `store → ${series.tMs.length} chart points (${series.source}, MinMax, ${series.sourceCount.toLocaleString('en')} samples decoded): ` +
    `${ours.median.toFixed(1)} ms in-thread (the worker’s own work; ${(reference.median / ours.median).toFixed(2)}× the plain scan's speed), ` +
    `${viaWorker[3]!.toFixed(1)} ms end to end through DbClient`,
);
console.log(
  `zoomed to 1 minute (full rate): ${zoomed.median.toFixed(2)} ms; a day's range (rollups): ${day.median.toFixed(2)} ms`,
);
console.log('target: < 50 ms');
rmSync(dir, { recursive: true, force: true });
