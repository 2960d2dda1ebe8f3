/**
 * `genba sync --once` as a user runs it, against loopback upstreams: a Retry-After of an hour
 * ends the run at once with the time to come back (exit 75) and the next run asks nothing before
 * then; a captive portal is reported as such and delivers nothing.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../db/open-database';
import { setConsent } from '../../../../db/sync/consent';
import { outboxLines } from '../../../../db/sync/outbox';
import { fillOutbox, T0 } from '../../../db/sync/fixtures';
import { runGenba } from '../../../helpers/genba-process';
import {
  startCaptivePortal,
  type MisbehavingUpstream,
} from '../../../helpers/misbehaving-upstream';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../../helpers/reference-ingest-server';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir('genba-sync-cli-');
let server: MisbehavingUpstream | ReferenceIngestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function facility(): { path: string; queued: number } {
  const path = join(tempDir(), 'facility.sqlite');
  const { db } = openDatabase(path);
  setConsent(db, {
    categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
    enabled: true,
    actor: 'test',
    nowMs: T0,
  });
  fillOutbox(db, 200);
  const queued = outboxLines(db, ['pending']).length;
  db.close();
  return { path, queued };
}

const still = (path: string) => {
  const { db } = openDatabase(path);
  const n = outboxLines(db, ['pending', 'in-flight']).length;
  db.close();
  return n;
};

const sync = (path: string, url: string, ...extra: string[]) =>
  runGenba(
    ['sync', '--db', path, '--endpoint', url, '--token', 'test-facility-token', '--once', ...extra],
    60_000,
  );

describe('genba sync --once', () => {
  it('does not sleep through Retry-After: 3600; it says until when and exits 75', async () => {
    const ingest = await startReferenceIngestServer({ faults: { retryAfterS: 3600 } });
    server = ingest;
    ingest.queueFaults('too-many-429');
    const { path, queued } = facility();
    const first = await sync(path, ingest.url);
    expect(first.code).toBe(75);
    const lines = first.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const until = /upstream asked to wait until (\S+);/.exec(lines[0]!)?.[1];
    expect(until).toBeDefined();
    const waitMs = Date.parse(until!) - Date.now();
    expect(waitMs).toBeGreaterThan(10 * 60_000);
    expect(waitMs).toBeLessThanOrEqual(15 * 60_000);
    expect(lines[0]).toContain(`${queued} records stay queued`);
    const puts = ingest.stats.puts;

    const second = await sync(path, ingest.url, '--json');
    expect(second.code).toBe(75);
    expect(JSON.parse(second.stdout)).toMatchObject({ stop: 'wait-requested', notBefore: until });
    expect(ingest.stats.puts).toBe(puts);
    expect(still(path)).toBe(queued);
  });

  it('reports a captive portal and keeps every record queued', async () => {
    const portal = await startCaptivePortal();
    server = portal;
    const { path, queued } = facility();
    const run = await sync(path, portal.url, '--max-failures', '2', '--backoff-base-ms', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not the ingest server \(captive portal\?\)/);
    expect(run.stdout).toContain(`0 records in 0 batches`);
    expect(still(path)).toBe(queued);
  });
});
