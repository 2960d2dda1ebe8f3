/**
 * Sync upload benchmark (run: node --import tsx tests/bench/sync-upload.bench.ts [records]).
 * Records per second through anonymize → outbox → batch → gzip → PUT to the reference ingest
 * server on loopback (target ≥ 100,000 records/s), and bytes on the wire per telemetry rollup
 * next to gzip of the plain (not anonymized) NDJSON of the same local records.
 *
 * The receiver runs in its own process (sync-ingest.child.ts), as an upstream server would.
 * Genba's run is pipelined as in the app: records are anonymized into the outbox in
 * transactions of 10,000 while the uploader drains it (the next batch is taken and compressed
 * on the thread pool while the previous one is on the wire). A reference run in the same process,
 * against the same receiver, right before (stringify → gzip → PUT, no anonymizer, no database)
 * gives the ratio; the machine is shared, so compare the ratio more than the absolute figure.
 * The run checks that the receiver stored every record exactly once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../../db/open-database';
import type { TelemetryRollupInput } from '../../db/sync/anonymizer';
import { setConsent } from '../../db/sync/consent';
import { enqueueManyForDonation } from '../../db/sync/outbox';
import { parseEndpoint } from '../../native/sync/endpoint';
import { putBatch } from '../../native/sync/http-client';
import { directSyncDb } from '../../native/sync/sync-db';
import { Uploader, type PassResult } from '../../native/sync/uploader';

const N = Number(process.argv[2] ?? 200_000);
const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);
const HEADER_BYTES = 260; // request line + headers of one PUT, roughly
const TRANSACTION = 10_000;

function localRollup(i: number): TelemetryRollupInput & Record<string, unknown> {
  return {
    robotId: `arm-${i % 6}`,
    name: `アーム ${i % 6} (Arm ${i % 6})`,
    identity: `usb-serial:FT${(1000 + (i % 6)).toString(36).toUpperCase()}`,
    model: 'openmanipulator-x',
    firmware: 46,
    joint: `joint${(i % 4) + 1}`,
    tMs: T0 + Math.floor(i / 24) * 3_600_000,
    samples: 180_000,
    temperatureMeanC: 38 + (i % 23) * 0.13,
    temperatureMaxC: 44 + (i % 9),
    currentMeanA: 0.12 + (i % 17) * 0.007,
    currentMaxA: 0.9 + (i % 7) * 0.05,
    voltageMinV: 11.4 + (i % 3) * 0.1,
    voltageMeanV: 11.9,
    velocityAbsMaxRadS: 1.2 + (i % 11) * 0.05,
    positionMinRad: -1.1 - (i % 13) * 0.01,
    positionMaxRad: 1.3 + (i % 13) * 0.01,
    hwErrorBits: 0,
  };
}

/** The receiver in its own process, driven over stdin/stdout. */
async function startReceiver() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'sync-ingest.child.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value ?? '');
  const url = (await next()).replace(/^URL /, '');
  const ask = async (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  return {
    url,
    count: async () => {
      const [, records, batches] = (await ask('count')).split(' ');
      return { records: Number(records), batches: Number(batches) };
    },
    clear: () => ask('clear'),
    close: async () => {
      child.stdin.end('close\n');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'genba-sync-bench-'));
const receiver = await startReceiver();
const endpoint = parseEndpoint(receiver.url);
const token = 'test-facility-token';
try {
  const inputs = Array.from({ length: N }, (_, i) => localRollup(i));

  // Reference: plain NDJSON of the local records → gzip → PUT, same batch size, no db.
  const plainLines = inputs.map((r) => JSON.stringify(r));
  let refWire = 0;
  const refStart = performance.now();
  for (let i = 0; i < plainLines.length;) {
    const lines: string[] = [];
    let bytes = 0;
    while (i < plainLines.length && bytes + plainLines[i]!.length + 1 <= 1 << 20) {
      bytes += plainLines[i]!.length + 1;
      lines.push(plainLines[i++]!);
    }
    const raw = Buffer.from(`${lines.join('\n')}\n`);
    const gz = gzipSync(raw);
    refWire += gz.length + HEADER_BYTES;
    const id = createHash('sha256').update(raw).digest('hex');
    const reply = await putBatch({ endpoint, batchId: id, gzipBody: gz, token });
    if (reply.status !== 201) throw new Error(`reference PUT failed: ${reply.status}`);
  }
  const refSeconds = (performance.now() - refStart) / 1000;
  plainLines.length = 0; // 100 MB of reference text would otherwise weigh on Genba's GC
  await receiver.clear();

  // Genba: anonymize → outbox (SQLite, WAL) → batch → gzip → PUT, producer and uploader overlapping.
  const opened = openDatabase(join(dir, 'bench.sqlite'));
  const { db } = opened;
  setConsent(db, { categories: ['telemetry-rollups'], enabled: true, actor: 'bench', nowMs: T0 });
  const uploader = new Uploader({ db: directSyncDb(db), endpoint, token });
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let produced = false;
  let enqueueMs = 0;
  const producer = (async () => {
    for (let i = 0; i < N; i += TRANSACTION) {
      const t = performance.now();
      db.transaction(() => {
        enqueueManyForDonation(db, 'telemetry-rollups', inputs.slice(i, i + TRANSACTION), T0);
      })();
      enqueueMs += performance.now() - t;
      await nextTurn(); // let the uploader's callbacks run between transactions
    }
    produced = true;
  })();
  const passes: PassResult[] = [];
  for (;;) {
    const done = produced;
    const pass = await uploader.runPass();
    passes.push(pass);
    if (pass.stop !== 'drained') throw new Error(`upload stopped: ${pass.stop}`);
    if (done && pass.records === 0) break;
    if (pass.records === 0) await nextTurn();
  }
  await producer;
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  opened.db.close();

  const sent = passes.flatMap((p) => p.sent);
  const records = sent.reduce((sum, b) => sum + b.records, 0);
  const gzipBytes = sent.reduce((sum, b) => sum + b.gzipBytes, 0);
  const rawBytes = sent.reduce((sum, b) => sum + b.rawBytes, 0);
  const stored = await receiver.count();
  if (stored.records !== records || records !== N)
    throw new Error(`receiver stored ${stored.records} records, uploaded ${records}, made ${N}`);

  const seconds = (end - start) / 1000;
  const perSecond = records / seconds;
  const refPerSecond = N / refSeconds;
  const wirePerRecord = (gzipBytes + sent.length * HEADER_BYTES) / records;
  const refPerRecord = refWire / N;
  const cpuUs = (cpu.user + cpu.system) / records;
  const lines = [
    `records: ${N} telemetry rollups (${records} uploaded in ${sent.length} batches, all stored once by the receiver)`,
    `anonymize + outbox: ${(enqueueMs / 1000).toFixed(2)} s of ${seconds.toFixed(2)} s wall; uploader process CPU ${cpuUs.toFixed(1)} µs/record`,
    `throughput: ${Math.round(perSecond).toLocaleString('en')} records/s end to end (target ≥ 100,000) → ${perSecond >= 100_000 ? 'MET' : 'NOT MET'}`,
    `reference (stringify → gzip → PUT, no anonymizer/db, same receiver, same run): ${Math.round(refPerSecond).toLocaleString('en')} records/s; ratio genba/reference ${(perSecond / refPerSecond).toFixed(2)}`,
    `bytes on the wire per rollup: ${wirePerRecord.toFixed(1)} (raw NDJSON ${(rawBytes / records).toFixed(0)} B/record before gzip level 3)`,
    `reference: gzip (level 6) of the plain local NDJSON: ${refPerRecord.toFixed(1)} B/record; ratio ${(wirePerRecord / refPerRecord).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
