/**
 * Sync upload benchmark (run: node --import tsx tests/bench/sync-upload.bench.ts [records]).
 * Records per second through anonymize → outbox → batch → gzip → PUT to the reference ingest
 * server on loopback (target ≥ 100,000 records/s), and bytes on the wire per telemetry rollup
 * next to gzip of the plain (not anonymized) NDJSON of the same local records. A reference run
 * in the same process (stringify → gzip → PUT, no anonymizer, no database) gives the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { setConsent } from '../../db/sync/consent';
import { openSyncDatabase } from '../../db/sync/open-sync-database';
import { enqueueForDonation } from '../../db/sync/outbox';
import type { TelemetryRollupInput } from '../../db/sync/anonymizer';
import { parseEndpoint } from '../../native/sync/endpoint';
import { putBatch } from '../../native/sync/http-client';
import { directSyncDb } from '../../native/sync/sync-db';
import { Uploader } from '../../native/sync/uploader';
import { startReferenceIngestServer } from '../helpers/reference-ingest-server';

const N = Number(process.argv[2] ?? 200_000);
const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);
const HEADER_BYTES = 260; // request line + headers of one PUT, roughly

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

const dir = mkdtempSync(join(tmpdir(), 'genba-sync-bench-'));
const server = await startReferenceIngestServer();
const endpoint = parseEndpoint(server.url);
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
    const reply = await putBatch({
      endpoint,
      batchId: id,
      gzipBody: gz,
      token: 'test-facility-token',
    });
    if (reply.status !== 201) throw new Error(`reference PUT failed: ${reply.status}`);
  }
  const refSeconds = (performance.now() - refStart) / 1000;
  server.batches.clear();

  // Genba: anonymize → outbox (SQLite, WAL) → batch → gzip → PUT.
  const opened = openSyncDatabase(join(dir, 'bench.sqlite'));
  const { db } = opened;
  setConsent(db, { categories: ['telemetry-rollups'], enabled: true, actor: 'bench', nowMs: T0 });
  const start = performance.now();
  for (let i = 0; i < N; i += 10_000) {
    db.transaction(() => {
      for (let j = i; j < Math.min(N, i + 10_000); j++)
        enqueueForDonation(db, 'telemetry-rollups', inputs[j]!, T0);
    })();
  }
  const enqueued = performance.now();
  const uploader = new Uploader({ db: directSyncDb(db), endpoint, token: 'test-facility-token' });
  const result = await uploader.runPass();
  const end = performance.now();
  opened.db.close();

  const seconds = (end - start) / 1000;
  const perSecond = result.records / seconds;
  const wirePerRecord = (result.gzipBytes + result.sent.length * HEADER_BYTES) / result.records;
  const refPerRecord = refWire / N;
  const lines = [
    `records: ${N} telemetry rollups (${result.records} uploaded in ${result.sent.length} batches; ${N - result.records} held for k-anonymity)`,
    `anonymize + outbox: ${((enqueued - start) / 1000).toFixed(2)} s; batch + gzip + upload: ${((end - enqueued) / 1000).toFixed(2)} s`,
    `throughput: ${Math.round(perSecond).toLocaleString('en')} records/s end to end (target ≥ 100,000) → ${perSecond >= 100_000 ? 'MET' : 'NOT MET'}`,
    `reference (stringify → gzip → PUT, no anonymizer/db): ${Math.round(N / refSeconds).toLocaleString('en')} records/s; ratio genba/reference ${(perSecond / (N / refSeconds)).toFixed(2)}`,
    `bytes on the wire per rollup: ${wirePerRecord.toFixed(1)} (raw NDJSON ${(result.rawBytes / result.records).toFixed(0)} B/record before gzip)`,
    `reference: gzip of the plain local NDJSON: ${refPerRecord.toFixed(1)} B/record; ratio ${(wirePerRecord / refPerRecord).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
