/**
 * One upload pass: outbox → batches → gzip → idempotent PUT, until the outbox is empty or the
 * pass has to stop. The batch id (sha256 of the uncompressed body) is recorded as in flight
 * before the PUT, so a crash at any point ends in a resend of the very same bytes under the
 * very same id, which the receiver acknowledges with 200 instead of storing it twice.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { BatchLimits } from '../../db/sync/outbox';
import type { BatchBytes } from '../../db/sync/sync-db-methods';
import type { DonationCategory } from '../../db/sync/categories';
import { fullJitterDelay, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, sleep } from './backoff';
import { NetworkError, putBatch } from './http-client';
import { isIngestAcknowledgement } from './ingest-reply';
import { problemOfReply, problems, type SyncProblem } from './problems';
import type { SyncDb } from './sync-db';
import { TokenBucket } from './token-bucket';

const gzip = promisify(gzipCallback);

/**
 * zlib level 3: on telemetry rollups it compresses about 3× faster than the default (6) for
 * about a fifth more bytes (≈29 vs ≈25 bytes per record), which keeps compression off the
 * critical path at 100k records/s; a metered link can pass `gzipLevel` 6–9.
 */
export const DEFAULT_GZIP_LEVEL = 3;

/** zlib's deflateBound plus the gzip header and trailer: the most gzip can make of `bytes`. */
const gzipBound = (bytes: number) => bytes + (bytes >> 12) + (bytes >> 14) + (bytes >> 25) + 64;

/**
 * PUTs on the wire at once. One at a time leaves the link idle for a round trip per batch (and,
 * when the event loop is busy, for a turn or two of it per batch: a connection to open, the
 * answer to read); a few in flight keep it busy. After a failure the uploader goes back to one
 * at a time until a batch gets through.
 */
export const DEFAULT_CONCURRENCY = 4;

/**
 * The longest upstream-requested wait a pass sits out itself; a longer one ends the pass and stays
 * in the database as a "not before" time (a one-shot run exits instead of sleeping for minutes).
 */
export const DEFAULT_MAX_INLINE_WAIT_MS = 30_000;

interface ReadyBatch {
  batch: BatchBytes;
  raw: Buffer;
  body: Buffer;
}

/** A batch on the wire and how its PUT ended. */
interface Flight {
  ready: ReadyBatch;
  settled: Promise<
    { ok: true; reply: Awaited<ReturnType<typeof putBatch>> } | { ok: false; error: unknown }
  >;
}

/** What the pass does after a flight has been dealt with. */
type Next =
  | { kind: 'advance' }
  | { kind: 'retry'; waitMs: number }
  | { kind: 'wait'; notBeforeMs: number }
  | { kind: 'unauthorized' }
  | { kind: 'stopped' };

export interface UploaderOptions {
  db: SyncDb;
  endpoint: URL;
  token: string;
  bucket?: TokenBucket;
  limits?: BatchLimits;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  gzipLevel?: number;
  /** PUTs in flight at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Whole-request deadline of each PUT (default REQUEST_DEADLINE_MS). */
  requestDeadlineMs?: number;
  /** Default DEFAULT_MAX_INLINE_WAIT_MS. */
  maxInlineWaitMs?: number;
  random?: () => number;
  now?: () => number;
  onBatchSent?: (batch: SentBatch) => void;
  onProblem?: (problem: SyncProblem) => void;
  /** Called just before and after each request (tests use it to know when a PUT is on the wire). */
  onRequest?: (batchId: string, phase: 'start' | 'end') => void;
}

export interface SentBatch {
  batchId: string;
  status: number;
  records: number;
  rawBytes: number;
  gzipBytes: number;
  categories: Partial<Record<DonationCategory, number>>;
}

export type PassStop = 'drained' | 'stopped' | 'unauthorized' | 'gave-up' | 'wait-requested';

export interface PassResult {
  stop: PassStop;
  sent: SentBatch[];
  records: number;
  rawBytes: number;
  gzipBytes: number;
  quarantined: number;
  problems: SyncProblem[];
  /** With `wait-requested`: when the upstream may be asked again. */
  notBeforeMs: number | null;
}

export class Uploader {
  private readonly bucket: TokenBucket;

  constructor(private readonly options: UploaderOptions) {
    this.bucket = options.bucket ?? new TokenBucket(0);
  }

  /**
   * Uploads until the outbox is empty (`drained`), the signal aborts (`stopped`), the token is
   * refused (`unauthorized`) or `maxConsecutiveFailures` retryable failures happened in a row.
   */
  async runPass({
    signal,
    maxConsecutiveFailures = Infinity,
  }: { signal?: AbortSignal; maxConsecutiveFailures?: number } = {}): Promise<PassResult> {
    const { db } = this.options;
    const now = this.options.now ?? Date.now;
    const result: PassResult = {
      stop: 'drained',
      sent: [],
      records: 0,
      rawBytes: 0,
      gzipBytes: 0,
      quarantined: 0,
      problems: [],
      notBeforeMs: null,
    };
    const problem = (p: SyncProblem) => {
      result.problems.push(p);
      this.options.onProblem?.(p);
    };
    let failures = 0;
    const backoff = () =>
      fullJitterDelay(failures, {
        baseMs: this.options.backoffBaseMs ?? 1000,
        capMs: this.options.backoffCapMs ?? MAX_BACKOFF_MS,
        ...(this.options.random ? { random: this.options.random } : {}),
      });

    // Pipeline: up to `concurrency` batches on the wire while the next is taken from the outbox
    // (recorded as in flight first, like every batch) and compressed on the thread pool. Every
    // batch is in flight in the database before its PUT, so a crash with several on the wire
    // resends each of them, under its own id, at the next start.
    const prepare = async (exclude: string[]): Promise<ReadyBatch | null> => {
      const batch = await db.call('syncTakeBatch', {
        ...(this.options.limits ? { limits: this.options.limits } : {}),
        nowMs: now(),
        exclude,
      });
      if (!batch) return null;
      const raw = Buffer.from(batch.body.buffer, batch.body.byteOffset, batch.body.byteLength);
      // One output chunk large enough for the whole result: the async gzip runs on the thread
      // pool one output chunk at a time, and each chunk costs an event-loop turn to come back
      // (with the default 16 KiB, about seven turns per batch, each as long as the sweep makes it).
      const body = await gzip(raw, {
        level: this.options.gzipLevel ?? DEFAULT_GZIP_LEVEL,
        chunkSize: gzipBound(raw.length),
      });
      return { batch, raw, body };
    };
    const maxInlineWaitMs = this.options.maxInlineWaitMs ?? DEFAULT_MAX_INLINE_WAIT_MS;
    const concurrency = Math.max(1, Math.floor(this.options.concurrency ?? DEFAULT_CONCURRENCY));
    const flights: Flight[] = [];
    /** The batch being retried (not on the wire while the pass waits out its backoff). */
    let retrying: ReadyBatch | null = null;
    let upcoming: Promise<ReadyBatch | null> | null = null;
    /** The outbox had nothing more to take (until a split or a failure puts batches back). */
    let exhausted = false;
    /** After a failure: one batch at a time until one gets through. */
    let probing = false;

    const owned = () => {
      const ids = flights.map((f) => f.ready.batch.id);
      if (retrying) ids.push(retrying.batch.id);
      return ids;
    };
    const startUpcoming = () => {
      const pending = prepare(owned());
      upcoming = pending;
      pending.catch(() => null); // awaited (and rethrown) when it is needed
    };
    const settleUpcoming = async () => {
      const pending = upcoming;
      upcoming = null;
      await pending?.catch(() => null);
    };
    const launch = (ready: ReadyBatch): Flight => {
      const { batch, body } = ready;
      this.options.onRequest?.(batch.id, 'start');
      const settled = putBatch({
        endpoint: this.options.endpoint,
        batchId: batch.id,
        gzipBody: body,
        token: this.options.token,
        bucket: this.bucket,
        ...(signal ? { signal } : {}),
        ...(this.options.requestDeadlineMs !== undefined
          ? { deadlineMs: this.options.requestDeadlineMs }
          : {}),
      }).then(
        (reply) => {
          this.options.onRequest?.(batch.id, 'end');
          return { ok: true as const, reply };
        },
        (error: unknown) => ({ ok: false as const, error }),
      );
      return { ready, settled };
    };
    /** Takes batches and puts them on the wire until the window is full or the outbox is empty. */
    const fill = async () => {
      while (!signal?.aborted && !exhausted && flights.length < (probing ? 1 : concurrency)) {
        if (!upcoming) startUpcoming();
        const pending = upcoming!;
        const ready = await pending;
        if (upcoming === pending) upcoming = null;
        if (!ready) {
          exhausted = true;
          break;
        }
        if (signal?.aborted) break; // it stays in flight in the database: sent next time
        flights.push(launch(ready));
        if (!probing) startUpcoming();
      }
    };

    /** Records how one flight ended; says what the pass does next. */
    const land = async (flight: Flight): Promise<Next> => {
      const { batch, raw, body } = flight.ready;
      const outcomeOf = await flight.settled;
      if (!outcomeOf.ok) {
        const error = outcomeOf.error;
        if (signal?.aborted) return { kind: 'stopped' };
        if (!(error instanceof NetworkError))
          throw error instanceof Error ? error : new Error(String(error));
        failures++;
        const waitMs = backoff();
        const timedOut = error.code === 'EDEADLINE' || error.code === 'ETIMEDOUT';
        const p = (timedOut ? problems.timeout : problems.network)(error.message, waitMs, now());
        problem(p);
        await db.call('syncRecordAttempt', {
          batchId: batch.id,
          outcome: { status: null, error: p.en, nowMs: now() },
        });
        return { kind: 'retry', waitMs };
      }
      const { reply } = outcomeOf;
      const outcome = { status: reply.status, gzipBytes: body.length, nowMs: now() };
      if (isIngestAcknowledgement(reply, batch.id)) {
        await db.call('syncMarkSent', { batchId: batch.id, outcome });
        failures = 0;
        const sent: SentBatch = {
          batchId: batch.id,
          status: reply.status,
          records: batch.records,
          rawBytes: raw.length,
          gzipBytes: body.length,
          categories: batch.categories,
        };
        result.sent.push(sent);
        result.records += sent.records;
        result.rawBytes += sent.rawBytes;
        result.gzipBytes += sent.gzipBytes;
        this.options.onBatchSent?.(sent);
        return { kind: 'advance' };
      }
      if (reply.status === 409) {
        const p = problems.conflict(batch.id, now());
        await db.call('syncQuarantine', {
          batchId: batch.id,
          outcome: { ...outcome, error: p.en },
        });
        result.quarantined += batch.records;
        problem(p);
        return { kind: 'advance' };
      }
      if (reply.status === 413) {
        const parts = await db.call('syncSplitBatch', { batchId: batch.id, nowMs: now() });
        if (parts.length === 0) {
          result.quarantined += batch.records;
          problem(problems.tooLarge(now()));
        }
        exhausted = false; // the halves are in flight in the database: take them in this pass
        return { kind: 'advance' };
      }
      if (reply.status === 401 || reply.status === 403) {
        const p = problems.unauthorized(reply.status, now());
        await db.call('syncRecordAttempt', {
          batchId: batch.id,
          outcome: { ...outcome, error: p.en },
        });
        problem(p);
        return { kind: 'unauthorized' };
      }
      failures++;
      const asked = reply.status === 429 || reply.status === 503 ? reply.retryAfterMs : null;
      const waitMs = asked ?? backoff();
      const notBeforeMs = now() + waitMs;
      // Kept across runs; a long one ends the pass instead of sleeping through it.
      if (asked !== null)
        await db.call('syncSetUpstreamWait', { notBeforeMs, status: reply.status, nowMs: now() });
      const long = asked !== null && asked > maxInlineWaitMs;
      const p = long
        ? problems.waitRequested(reply.status, notBeforeMs, now())
        : problemOfReply(
            {
              status: reply.status,
              contentType: String(reply.headers['content-type'] ?? ''),
              body: reply.body.toString('utf8').slice(0, 200),
            },
            waitMs,
            now(),
          );
      problem(p);
      await db.call('syncRecordAttempt', {
        batchId: batch.id,
        outcome: { ...outcome, error: p.en },
      });
      return long ? { kind: 'wait', notBeforeMs } : { kind: 'retry', waitMs };
    };
    /** Lets every other flight land (a failed one stays in flight in the database: taken again). */
    const landAll = async (): Promise<Next[]> => {
      const nexts: Next[] = [];
      let thrown: unknown = null;
      while (flights.length) {
        try {
          nexts.push(await land(flights.shift()!));
        } catch (error) {
          thrown ??= error;
        }
      }
      await settleUpcoming();
      if (thrown !== null) throw thrown as Error;
      return nexts;
    };

    try {
      // A wait the upstream asked for earlier (this run or a previous one) comes first.
      const held = await db.call('syncUpstreamWait', { nowMs: now(), capMs: MAX_RETRY_AFTER_MS });
      if (held && held.notBeforeMs - now() > maxInlineWaitMs) {
        problem(problems.waitRequested(held.status, held.notBeforeMs, now()));
        return { ...result, stop: 'wait-requested', notBeforeMs: held.notBeforeMs };
      }
      if (held) await sleep(held.notBeforeMs - now(), signal);
      if (!signal?.aborted) await fill();
      while (flights.length && !signal?.aborted) {
        const flight = flights.shift()!;
        const next = await land(flight);
        if (next.kind === 'advance') {
          probing = false;
          await fill();
          continue;
        }
        if (next.kind === 'stopped') break;
        const others = await landAll();
        if (next.kind === 'unauthorized' || others.some((n) => n.kind === 'unauthorized')) {
          result.stop = 'unauthorized';
          return result;
        }
        const wait = [next, ...others].find((n) => n.kind === 'wait');
        if (wait) return { ...result, stop: 'wait-requested', notBeforeMs: wait.notBeforeMs };
        if (next.kind !== 'retry') break;
        if (failures >= maxConsecutiveFailures) {
          result.stop = 'gave-up';
          return result;
        }
        retrying = flight.ready;
        await sleep(next.waitMs, signal);
        retrying = null;
        if (signal?.aborted) break;
        // The same bytes under the same id, alone on the wire until one gets through.
        probing = true;
        exhausted = false;
        flights.push(launch(flight.ready));
      }
    } finally {
      // Nothing is left running behind the pass (errors are already rethrown above).
      await landAll().catch(() => null);
    }
    result.stop = signal?.aborted ? 'stopped' : 'drained';
    return result;
  }
}
