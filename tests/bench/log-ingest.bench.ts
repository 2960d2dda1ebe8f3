/**
 * Telemetry ingest and size. `node --import tsx tests/bench/log-ingest.bench.ts`
 *
 * - Reference (ceiling): a raw better-sqlite3 bulk insert of the same values, one row per sample
 *   (t, series, six REAL columns), one transaction, in this thread.
 * - The store: the same values through the real db worker (DbClient), as columnar batches
 *   (appendTelemetryColumns: what bulk producers use) and as ordinary object batches
 *   (appendTelemetry: what robot sessions send), with the main thread's event-loop lag
 *   (p99) measured meanwhile. Sustained = until the final flush has committed. DbClient turns
 *   object batches into typed columns and transfers their buffers to the worker. The same loop
 *   without a database is measured first: the share of the lag that is the benchmark building
 *   its data on the main thread.
 * - Size: bytes on disk per channel-value at full rate (file size after close, so rollups, indexes
 *   and page slack included), for synthetic moving joints and for simulated demo-facility data.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DbClient } from '../../db/db-client';
import { batchToColumns, columnBuffers } from '../../db/telemetry/batch-columns';
import { CHANNEL_STEPS } from '../../db/telemetry/channels';
import type { TelemetryColumns } from '../../db/telemetry/telemetry-store';
import { generateDemoHistory } from '../../native/demo-history/demo-history';
import type { TelemetrySample } from '../../electron/shared/contract';

const dir = mkdtempSync(join(tmpdir(), 'genba-bench-ingest-'));
const ROBOTS = 3;
const JOINTS = ['joint1', 'joint2', 'joint3', 'joint4', 'gripper'];
const HZ = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 600); // simulated seconds of a 15-joint facility
const BATCH_S = 1; // one batch per robot per simulated second
const T0 = Date.UTC(2026, 0, 1);
const VALUES = ROBOTS * JOINTS.length * SECONDS * HZ * 6;

/** Deterministic moving-joint data on the sensors' grids. */
function makeColumns(robot: number, joint: number, second: number): TelemetryColumns {
  const n = HZ * BATCH_S;
  const tMs = new Float64Array(n);
  const values = Array.from({ length: 6 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const k = second * HZ + i;
    tMs[i] = T0 + k * (1000 / HZ);
    const phase = k / (HZ * (3 + joint));
    values[0]![i] = Math.round(Math.sin(phase + robot) * 700) * CHANNEL_STEPS[0]!;
    values[1]![i] = Math.round(Math.cos(phase + robot) * 40) * CHANNEL_STEPS[1]!;
    values[2]![i] = (Math.round(Math.cos(phase) * 60) + ((k * 7919) % 5) - 2) * CHANNEL_STEPS[2]!;
    values[3]![i] = (k % 997 === 0 ? 119 : 120) * CHANNEL_STEPS[3]!;
    values[4]![i] = 30 + (Math.floor(k / (HZ * 120)) % 10);
    values[5]![i] = 0;
  }
  return { robotId: `arm-${robot}`, joint: JOINTS[joint]!, tMs, values };
}

function toSamples(columns: TelemetryColumns[]): TelemetrySample[] {
  const out: TelemetrySample[] = [];
  for (const c of columns) {
    for (let i = 0; i < c.tMs.length; i++) {
      out.push({
        tMs: c.tMs[i]!,
        joint: c.joint,
        positionRad: c.values[0]![i]!,
        velocityRadS: c.values[1]![i]!,
        currentA: c.values[2]![i]!,
        voltageV: c.values[3]![i]!,
        temperatureC: c.values[4]![i]!,
        hwError: c.values[5]![i]!,
      });
    }
  }
  return out;
}

function reference(): { seconds: number; bytes: number } {
  const path = join(dir, 'raw.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE raw (t INTEGER, series INTEGER, p REAL, v REAL, c REAL, u REAL, k REAL, e INTEGER);
           CREATE INDEX raw_by_series_time ON raw (series, t);`);
  const insert = db.prepare('INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  for (let s = 0; s < SECONDS; s++) {
    const batches: TelemetryColumns[] = [];
    for (let r = 0; r < ROBOTS; r++)
      for (let j = 0; j < JOINTS.length; j++) batches.push(makeColumns(r, j, s));
    db.transaction(() => {
      batches.forEach((b, series) => {
        for (let i = 0; i < b.tMs.length; i++) {
          insert.run(
            b.tMs[i],
            series,
            b.values[0]![i],
            b.values[1]![i],
            b.values[2]![i],
            b.values[3]![i],
            b.values[4]![i],
            b.values[5]![i],
          );
        }
      });
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { seconds, bytes: statSync(path).size };
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Main-thread cost per object batch: the structured clone postMessage did vs columns + transfer. */
function handoverCost(): { cloneMs: number; columnsMs: number } {
  const batches = Array.from({ length: 50 }, (_, s) => ({
    robotId: 'arm-0',
    samples: toSamples(JOINTS.map((_, j) => makeColumns(0, j, s))),
  }));
  let t = performance.now();
  for (const b of batches) structuredClone(b);
  const cloneMs = (performance.now() - t) / batches.length;
  t = performance.now();
  for (const b of batches) {
    const columns = batchToColumns(b)!;
    structuredClone(columns, { transfer: columnBuffers(columns) });
  }
  return { cloneMs, columnsMs: (performance.now() - t) / batches.length };
}

/**
 * The benchmark's own share of the lag: the same loop building the same data on the main thread,
 * with no database behind it. What is left above this is the store's.
 */
async function producerOnly(
  mode: 'columns' | 'objects',
): Promise<{ lagP99: number; lagMax: number }> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  let inFlight: Promise<unknown>[] = [];
  let sink = 0;
  for (let s = 0; s < SECONDS; s++) {
    for (let r = 0; r < ROBOTS; r++) {
      const batches = JOINTS.map((_, j) => makeColumns(r, j, s));
      const payload = mode === 'columns' ? batches : toSamples(batches);
      sink += payload.length;
      inFlight.push(Promise.resolve());
      await yieldTurn();
    }
    if (inFlight.length >= 12) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  lag.disable();
  if (sink < 0) console.log(sink);
  return { lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6 };
}

async function store(
  mode: 'columns' | 'objects',
): Promise<{ seconds: number; bytes: number; lagP99: number; lagMax: number; chunkBytes: number }> {
  const path = join(dir, `store-${mode}.sqlite`);
  const db = await DbClient.open({ path });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const started = performance.now();
  let inFlight: Promise<unknown>[] = [];
  for (let s = 0; s < SECONDS; s++) {
    for (let r = 0; r < ROBOTS; r++) {
      const batches = JOINTS.map((_, j) => makeColumns(r, j, s));
      inFlight.push(
        mode === 'columns'
          ? db.call('appendTelemetryColumns', batches)
          : db.call('appendTelemetry', { robotId: `arm-${r}`, samples: toSamples(batches) }),
      );
      // A producer hands over one batch per turn of the event loop (as robot sessions do, each
      // on its own poll timer) instead of building twelve in one synchronous block.
      await yieldTurn();
    }
    // Keep a bounded queue, as a producer with backpressure would.
    if (inFlight.length >= 12) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  await db.call('flushTelemetry');
  const seconds = (performance.now() - started) / 1000;
  lag.disable();
  const storage = await db.call('telemetryStorage');
  await db.close();
  return {
    seconds,
    bytes: statSync(path).size,
    lagP99: lag.percentile(99) / 1e6,
    lagMax: lag.max / 1e6,
    chunkBytes: storage.chunkBytes,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `${ROBOTS} robots × ${JOINTS.length} joints × ${HZ} Hz × ${SECONDS} s = ${fmt(VALUES)} channel-values`,
);
const ref = reference();
console.log(
  `reference raw bulk insert (row per sample): ${fmt(VALUES / ref.seconds)} values/s, ${(ref.bytes / VALUES).toFixed(2)} B/value on disk`,
);
const handover = handoverCost();
console.log(
  `handing one robot's batch (500 sample objects) to the worker: structured clone ${handover.cloneMs.toFixed(2)} ms vs typed columns + transfer ${handover.columnsMs.toFixed(2)} ms (what DbClient now does)`,
);
for (const mode of ['columns', 'objects'] as const) {
  const p = await producerOnly(mode);
  console.log(
    `benchmark's own producer (${mode}: building the data on the main thread, no database): event-loop lag p99 ${p.lagP99.toFixed(1)} ms (max ${p.lagMax.toFixed(1)} ms)`,
  );
  const r = await store(mode);
  console.log(
    `store via worker (${mode}): ${fmt(VALUES / r.seconds)} values/s sustained (${(ref.seconds / r.seconds).toFixed(2)}× the raw insert), ` +
      `main-thread event-loop lag p99 ${r.lagP99.toFixed(1)} ms (max ${r.lagMax.toFixed(1)} ms), ` +
      `${(r.bytes / VALUES).toFixed(3)} B/value on disk (chunks alone ${(r.chunkBytes / VALUES).toFixed(3)}; ${(ref.bytes / r.bytes).toFixed(1)}× smaller than row per sample)`,
  );
}
console.log('targets: ≥ 1,000,000 values/s sustained; lag p99 < 20 ms; ≤ 2 B/value');

// Simulated facility data (physics of the demo): what real telemetry looks like.
const demoPath = join(dir, 'demo.sqlite');
const demo = await generateDemoHistory({
  dbPath: demoPath,
  minutes: Number(process.env.BENCH_DEMO_MINUTES ?? 10),
  endMs: T0,
});
const demoValues = demo.samples * 6;
console.log(
  `demo facility (${demo.samples.toLocaleString('en')} samples at 50 Hz): ${(statSync(demoPath).size / demoValues).toFixed(3)} B/value on disk, file included`,
);
rmSync(dir, { recursive: true, force: true });
