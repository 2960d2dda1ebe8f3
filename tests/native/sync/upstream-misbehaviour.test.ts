/**
 * The uploader and the sync service against upstreams that misbehave on real loopback servers:
 * one that never finishes its answer, one that asks to wait an hour, a captive portal. Each ends
 * in a plain problem with every record still queued, and nothing sleeps for the upstream's hour.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open-database';
import { setConsent } from '../../../db/sync/consent';
import { outboxLines } from '../../../db/sync/outbox';
import { MAX_RETRY_AFTER_MS } from '../../../native/sync/backoff';
import { parseEndpoint } from '../../../native/sync/endpoint';
import { directSyncDb } from '../../../native/sync/sync-db';
import { SyncService } from '../../../native/sync/sync-service';
import { Uploader, type UploaderOptions } from '../../../native/sync/uploader';
import { fillOutbox, T0 } from '../../db/sync/fixtures';
import {
  startCaptivePortal,
  startTricklingUpstream,
  type MisbehavingUpstream,
} from '../../helpers/misbehaving-upstream';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-upstream-');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const track = <T extends MisbehavingUpstream | ReferenceIngestServer>(server: T): T => {
  closers.push(() => server.close());
  return server;
};

function filled(records = 300): { db: Database; queued: number } {
  const opened = openDatabase(join(tempDir(), 'facility.sqlite'));
  setConsent(opened.db, {
    categories: ['telemetry-rollups', 'fault-episodes', 'task-outcomes'],
    enabled: true,
    actor: 'test',
    nowMs: T0,
  });
  fillOutbox(opened.db, records);
  closers.push(() => {
    opened.db.close();
    return Promise.resolve();
  });
  return { db: opened.db, queued: outboxLines(opened.db, ['pending']).length };
}

const waiting = (db: Database) => outboxLines(db, ['pending', 'in-flight']).length;

function uploader(db: Database, url: string, extra: Partial<UploaderOptions> = {}) {
  return new Uploader({
    db: directSyncDb(db),
    endpoint: parseEndpoint(url),
    token: 'test-facility-token',
    backoffBaseMs: 1,
    backoffCapMs: 5,
    ...extra,
  });
}

describe('uploads against a misbehaving upstream', () => {
  it('gives up on a server that trickles its answer, with a timeout problem', async () => {
    for (const phase of ['headers', 'body'] as const) {
      const server = track(await startTricklingUpstream(phase));
      const { db, queued } = filled();
      const pass = await uploader(db, server.url, {
        requestDeadlineMs: 600,
        concurrency: 1,
      }).runPass({ maxConsecutiveFailures: 2 });
      expect(pass.stop, phase).toBe('gave-up');
      expect(pass.problems.map((p) => p.code)).toEqual(['timeout', 'timeout']);
      expect(pass.problems[0]!.en).toMatch(/timed out: .* did not finish answering within 1 s/);
      expect(pass.problems[0]!.ja).toMatch(/タイムアウト/);
      expect(server.bytesSent()).toBeGreaterThan(2);
      expect(pass.records).toBe(0);
      expect(waiting(db)).toBe(queued);
    }
  });

  it('counts a captive portal’s 200 text/html as not delivered and keeps every record', async () => {
    const portal = track(await startCaptivePortal());
    const { db, queued } = filled();
    const pass = await uploader(db, portal.url).runPass({ maxConsecutiveFailures: 3 });
    expect(pass.stop).toBe('gave-up');
    expect(pass.sent).toEqual([]);
    expect(portal.requests()).toBeGreaterThanOrEqual(3);
    expect(pass.problems.every((p) => p.code === 'not-ingest')).toBe(true);
    expect(pass.problems[0]!.en).toMatch(
      /HTTP 200, text\/html.*not the ingest server \(captive portal\?\).*records stay queued/,
    );
    expect(outboxLines(db, ['sent'])).toEqual([]);
    expect(waiting(db)).toBe(queued);
    // The same outbox then goes to the real ingest server in full.
    const ingest = track(await startReferenceIngestServer());
    const after = await uploader(db, ingest.url).runPass();
    expect(after.stop).toBe('drained');
    expect(ingest.lines().length).toBe(queued);
  });

  it('ends the pass on Retry-After: 3600, keeps a capped not-before in the db, and honours it next pass', async () => {
    const server = track(await startReferenceIngestServer({ faults: { retryAfterS: 3600 } }));
    server.queueFaults('too-many-429');
    const { db, queued } = filled();
    const first = await uploader(db, server.url, { concurrency: 1 }).runPass();
    expect(first.stop).toBe('wait-requested');
    const asked = first.notBeforeMs! - Date.now();
    expect(asked).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
    expect(asked).toBeGreaterThan(MAX_RETRY_AFTER_MS - 60_000);
    expect(first.problems.at(-1)).toMatchObject({ code: 'wait-requested', status: 429 });
    expect(first.problems.at(-1)!.en).toContain(new Date(first.notBeforeMs!).toISOString());
    const puts = server.stats.puts;

    // A new uploader (a new run) over the same file asks nothing before that time.
    const second = await uploader(db, server.url).runPass();
    expect(second.stop).toBe('wait-requested');
    expect(second.notBeforeMs).toBe(first.notBeforeMs);
    expect(server.stats.puts).toBe(puts);
    expect(waiting(db)).toBe(queued);
  });

  it('sits out a short Retry-After itself and then delivers', async () => {
    const server = track(await startReferenceIngestServer({ faults: { retryAfterS: 1 } }));
    server.queueFaults('unavailable-503');
    const { db, queued } = filled();
    const pass = await uploader(db, server.url, { concurrency: 1 }).runPass();
    expect(pass.stop).toBe('drained');
    expect(pass.problems.map((p) => p.code)).toEqual(['rate-limited']);
    expect(server.lines().length).toBe(queued);
  });

  it('the sync service waits for the upstream’s time instead of asking again', async () => {
    const server = track(await startReferenceIngestServer({ faults: { retryAfterS: 3600 } }));
    server.queueFaults('too-many-429');
    const { db } = filled();
    const service = new SyncService({
      db: directSyncDb(db),
      networkLink: () => true,
      idleWaitMs: 50,
      backoffBaseMs: 5,
    });
    closers.push(() => service.stop());
    await service.setEndpoint(server.url, 'test-facility-token', 'admin');
    await service.start();
    let status = await service.status();
    for (let i = 0; i < 200 && status.state !== 'waiting'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = await service.status();
    }
    expect(status.state).toBe('waiting');
    expect(status.problem).toMatchObject({ code: 'wait-requested', status: 429 });
    expect(status.problem!.ja).toMatch(/待つよう指示/);
    expect(status.nextAttemptMs! - Date.now()).toBeGreaterThan(MAX_RETRY_AFTER_MS - 60_000);
    const puts = server.stats.puts;
    service.nudge(); // woken early: it looks again and still waits
    await new Promise((r) => setTimeout(r, 200));
    expect(server.stats.puts).toBe(puts);
    expect((await service.status()).state).toBe('waiting');
  });
});
