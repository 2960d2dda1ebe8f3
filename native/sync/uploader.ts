/**
 * One upload pass: outbox → batches → gzip → idempotent PUT, until the outbox is empty or the
 * pass has to stop. The batch id (sha256 of the uncompressed body) is recorded as in flight
 * before the PUT, so a crash at any point ends in a resend of the very same bytes under the
 * very same id, which the receiver acknowledges with 200 instead of storing it twice.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlib } from 'node:zlib';
import type { BatchLimits } from '../../db/sync/outbox';
import type { DonationCategory } from '../../db/sync/categories';
import { fullJitterDelay, MAX_BACKOFF_MS, sleep } from './backoff';
import { NetworkError, putBatch } from './http-client';
import { problems, type SyncProblem } from './problems';
import type { SyncDb } from './sync-db';
import { TokenBucket } from './token-bucket';

const gzip = promisify(gzipCallback);

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

    while (!signal?.aborted) {
      const batch = await db.call('syncTakeBatch', {
        ...(this.options.limits ? { limits: this.options.limits } : {}),
        nowMs: now(),
      });
      if (!batch) return result;
      const raw = Buffer.from(batch.text, 'utf8');
      const body = await gzip(raw, { level: this.options.gzipLevel ?? zlib.Z_DEFAULT_COMPRESSION });
      let waitMs: number | null = null;
      try {
        this.options.onRequest?.(batch.id, 'start');
        const reply = await putBatch({
          endpoint: this.options.endpoint,
          batchId: batch.id,
          gzipBody: body,
          token: this.options.token,
          bucket: this.bucket,
          ...(signal ? { signal } : {}),
        });
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
          continue;
        }
        if (reply.status === 409) {
          const p = problems.conflict(batch.id, now());
          await db.call('syncQuarantine', {
            batchId: batch.id,
            outcome: { ...outcome, error: p.en },
          });
          result.quarantined += batch.records;
          problem(p);
          continue;
        }
        if (reply.status === 413) {
          const parts = await db.call('syncSplitBatch', { batchId: batch.id, nowMs: now() });
          if (parts.length === 0) {
            result.quarantined += batch.records;
            problem(problems.tooLarge(now()));
          }
          continue;
        }
        if (reply.status === 401 || reply.status === 403) {
          const p = problems.unauthorized(reply.status, now());
          await db.call('syncRecordAttempt', {
            batchId: batch.id,
            outcome: { ...outcome, error: p.en },
          });
          problem(p);
          result.stop = 'unauthorized';
          return result;
        }
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
      } catch (error) {
        if (signal?.aborted) break;
        if (!(error instanceof NetworkError)) throw error;
        failures++;
        waitMs = backoff();
        const p = problems.network(error.message, waitMs, now());
        problem(p);
        await db.call('syncRecordAttempt', {
          batchId: batch.id,
          outcome: { status: null, error: p.en, nowMs: now() },
        });
      }
      if (failures >= maxConsecutiveFailures) {
        result.stop = 'gave-up';
        return result;
      }
      await sleep(waitMs, signal);
    }
    result.stop = 'stopped';
    return result;
  }
}
