/**
 * Reliability: a long upload against the reference ingest server with random injected faults
 * (drops mid-body, drops after the server stored the batch, 500s, 429/503 with Retry-After,
 * slow answers, 413 splits) while the uploader process (`genba sync --once`) is SIGKILLed at
 * random points. The server must end with exactly the records the outbox held: none missing,
 * none twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setConsent } from '../../../db/sync/consent';
import { openDatabase } from '../../../db/open-database';
import { outboxLines } from '../../../db/sync/outbox';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';
import { fillOutbox, ridOf, T0 } from '../../db/sync/fixtures';

const GENBA = fileURLToPath(new URL('../../../bin/genba', import.meta.url));
const tempDir = useTempDir('genba-sync-rel-');
let server: ReferenceIngestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Run = { code: number | null; killed: boolean; sentLines: number };

/** Runs one `genba sync --once`; with `kill`, SIGKILLs it `delayMs` after its `afterBatches`-th batch. */
function runOnce(
  dbPath: string,
  url: string,
  kill: { afterBatches: number; delayMs: number } | null,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        GENBA,
        'sync',
        '--db',
        dbPath,
        '--endpoint',
        url,
        '--token',
        'test-facility-token',
        '--once',
        '--batch-bytes',
        '60000',
        '--backoff-base-ms',
        '40',
        '--max-failures',
        '1000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let sentLines = 0;
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    const killSoon = (ms: number) => {
      timer ??= setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, ms);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      sentLines += chunk
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('sent ')).length;
      if (kill && sentLines >= kill.afterBatches) killSoon(kill.delayMs);
    });
    child.stderr.resume();
    // Also killed while still starting or waiting out a Retry-After, if no batch comes.
    if (kill) setTimeout(() => killSoon(0), 1500 + kill.delayMs * 20).unref();
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed, sentLines });
    });
  });
}

describe('sync reliability', () => {
  it(
    'delivers every outbox record exactly once through faults and SIGKILLs',
    { timeout: 240_000 },
    async () => {
      const dbPath = join(tempDir(), 'facility.sqlite');
      const opened = openDatabase(dbPath);
      setConsent(opened.db, {
        categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
        enabled: true,
        actor: 'test',
        nowMs: T0,
      });
      fillOutbox(opened.db, 12_000);
      const expected = outboxLines(opened.db, ['pending']).map(ridOf);
      opened.db.close();
      expect(expected.length).toBeGreaterThan(11_500);
      expect(new Set(expected).size).toBe(expected.length);

      server = await startReferenceIngestServer({
        maxBodyBytes: 4500,
        faults: {
          seed: 7,
          rates: {
            'drop-mid-body': 0.08,
            'drop-after-store': 0.08,
            'error-500': 0.06,
            'too-many-429': 0.03,
            'unavailable-503': 0.03,
            slow: 0.1,
          },
          retryAfterS: 1,
          slowMs: 150,
        },
      });

      const dice = seeded(42);
      let kills = 0;
      let completed = false;
      for (let round = 0; round < 80 && !completed; round++) {
        // Most rounds are killed at a random moment mid-upload; every sixth one may run to the end.
        const kill =
          round % 6 === 5
            ? null
            : { afterBatches: 1 + Math.floor(dice() * 4), delayMs: Math.floor(dice() * 60) };
        const run = await runOnce(dbPath, server.url, kill);
        if (run.killed) kills++;
        else expect(run.code).toBe(0);
        const check = openDatabase(dbPath);
        const left = (
          check.db
            .prepare(
              "SELECT count(*) AS n FROM sync_outbox WHERE state IN ('pending', 'in-flight')",
            )
            .get() as { n: number }
        ).n;
        check.db.close();
        completed = left === 0;
      }
      expect(completed).toBe(true);
      expect(kills).toBeGreaterThanOrEqual(5);

      const received = server.lines().map(ridOf);
      const counts = new Map<string, number>();
      for (const rid of received) counts.set(rid, (counts.get(rid) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1);
      const missing = expected.filter((rid) => !counts.has(rid));
      expect(twice).toEqual([]);
      expect(missing).toEqual([]);
      expect(received.length).toBe(expected.length);
      expect(new Set(received)).toEqual(new Set(expected));
      // The faults really happened.
      expect(server.stats.faults['drop-after-store'] ?? 0).toBeGreaterThan(0);
      expect(server.stats.faults['drop-mid-body'] ?? 0).toBeGreaterThan(0);
      expect(server.stats.byStatus[200] ?? 0).toBeGreaterThan(0); // re-sent after a lost 201
      expect(server.stats.byStatus[413] ?? 0).toBeGreaterThan(0);
      // Every batch upstream is intact: its lines and the outbox agree, and nothing is quarantined.
      const final = openDatabase(dbPath);
      expect(outboxLines(final.db, ['quarantined'])).toEqual([]);
      expect(outboxLines(final.db, ['sent']).map(ridOf).sort()).toEqual([...expected].sort());
      final.db.close();
    },
  );
});
