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
import { fullJitterDelay, MAX_BACKOFF_MS, sleep } from './backoff';
import { NetworkError, putBatch } from './http-client';
import { problems, type SyncProblem } from './problems';
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

interface ReadyBatch {
  batch: BatchBytes;
  raw: Buffer;
  body: Buffer;
}

export interface UploaderOptions {
  db: SyncDb;
  endpoint: URL;
  token: string;
  bucket?: TokenBucket;
  limits?: BatchLimits;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  gzipLevel?: number;
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

export type PassStop = 'drained' | 'stopped' | 'unauthorized' | 'gave-up';

export interface PassResult {
  stop: PassStop;
  sent: SentBatch[];
  records: number;
  rawBytes: number;
  gzipBytes: number;
  quarantined: number;
  problems: SyncProblem[];
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

    // Pipeline: while one batch is on the wire, the next is taken from the outbox (recorded as
    // in flight first, like every batch) and compressed on the thread pool.
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
    let upcoming: Promise<ReadyBatch | null> | null = null;
    const settleUpcoming = async () => {
      const pending = upcoming;
      upcoming = null;
      await pending?.catch(() => null);
    };
    let current = signal?.aborted ? null : await prepare([]);

    while (current && !signal?.aborted) {
      const { batch, raw, body } = current;
      let waitMs: number | null = null;
      let next: 'advance' | 'retry' = 'advance';
      try {
        this.options.onRequest?.(batch.id, 'start');
        const putting = putBatch({
          endpoint: this.options.endpoint,
          batchId: batch.id,
          gzipBody: body,
          token: this.options.token,
          bucket: this.bucket,
          ...(signal ? { signal } : {}),
        });
        if (!upcoming) {
          upcoming = prepare([batch.id]);
          upcoming.catch(() => null); // awaited (and rethrown) when it is needed
        }
        const reply = await putting;
        this.options.onRequest?.(batch.id, 'end');
        const outcome = { status: reply.status, gzipBytes: body.length, nowMs: now() };
        if (reply.status === 200 || reply.status === 201) {
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
        } else if (reply.status === 409) {
          const p = problems.conflict(batch.id, now());
          await db.call('syncQuarantine', {
            batchId: batch.id,
            outcome: { ...outcome, error: p.en },
          });
          result.quarantined += batch.records;
          problem(p);
        } else if (reply.status === 413) {
          const parts = await db.call('syncSplitBatch', { batchId: batch.id, nowMs: now() });
          if (parts.length === 0) {
            result.quarantined += batch.records;
            problem(problems.tooLarge(now()));
          }
        } else if (reply.status === 401 || reply.status === 403) {
          const p = problems.unauthorized(reply.status, now());
          await db.call('syncRecordAttempt', {
            batchId: batch.id,
            outcome: { ...outcome, error: p.en },
          });
          problem(p);
          result.stop = 'unauthorized';
          await settleUpcoming();
          return result;
        } else {
          next = 'retry';
          failures++;
          if (reply.status === 429 || reply.status === 503) {
            waitMs = reply.retryAfterMs ?? backoff();
            problem(problems.rateLimited(reply.status, waitMs, now()));
          } else {
            waitMs = backoff();
            problem(
              reply.status >= 500
                ? problems.serverError(reply.status, waitMs, now())
                : problems.rejected(
                    reply.status,
                    reply.body.toString('utf8').slice(0, 200),
                    waitMs,
                    now(),
                  ),
            );
          }
          await db.call('syncRecordAttempt', {
            batchId: batch.id,
            outcome: { ...outcome, error: result.problems.at(-1)!.en },
          });
        }
      } catch (error) {
        if (signal?.aborted) break;
        if (!(error instanceof NetworkError)) {
          await settleUpcoming();
          throw error;
        }
        next = 'retry';
        failures++;
        waitMs = backoff();
        const p = problems.network(error.message, waitMs, now());
        problem(p);
        await db.call('syncRecordAttempt', {
          batchId: batch.id,
          outcome: { status: null, error: p.en, nowMs: now() },
        });
      }
      if (next === 'advance') {
        const pending = upcoming;
        upcoming = null;
        current = pending ? await pending : signal?.aborted ? null : await prepare([]);
        continue;
      }
      if (failures >= maxConsecutiveFailures) {
        result.stop = 'gave-up';
        await settleUpcoming();
        return result;
      }
      await sleep(waitMs ?? backoff(), signal);
    }
    await settleUpcoming();
    result.stop = signal?.aborted ? 'stopped' : 'drained';
    return result;
  }
}
