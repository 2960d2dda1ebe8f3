/**
 * The telemetry flight recorder inside the db worker.
 *
 * Ingest: `append(batch)` buffers samples per robot joint in memory; a buffer becomes a chunk
 * (codec.ts) when it holds MAX_CHUNK_SAMPLES samples or spans CHUNK_MAX_MS, and every buffer is
 * written at least every FLUSH_INTERVAL_MS (a timer plus a check on each append), so a crash
 * loses at most the last second. Rollups (rollups.ts) are updated per sample and the touched
 * blocks are rewritten in the same transaction as the chunks, so they always describe exactly
 * the stored samples.
 *
 * Reads flush first, so a query sees everything appended before it.
 *
 * The writing is telemetry-ingest.ts, the reading telemetry-queries.ts, the tables' statements
 * and series ids telemetry-tables.ts; this class owns the flush timer and the read-only rule.
 */
import type { Database } from 'better-sqlite3';
import type { TelemetryBatch } from '../../native/domain';
import { TelemetryIngest, type FlushResult, type TelemetryColumns } from './telemetry-ingest';
import {
  TelemetryQueries,
  type RawSeries,
  type SeriesInfo,
  type SeriesRequest,
  type SeriesResult,
} from './telemetry-queries';
import type { RollupEntry, RollupLevel } from './rollups';
import { FLUSH_INTERVAL_MS, TelemetryTables } from './telemetry-tables';

export type { FlushResult, TelemetryColumns } from './telemetry-ingest';
export type {
  RawSeries,
  SeriesInfo,
  SeriesRequest,
  SeriesResult,
  SeriesSource,
} from './telemetry-queries';

export interface TelemetryStoreOptions {
  readOnly?: boolean;
  /** 0 disables the timer (tests flush by hand). */
  flushIntervalMs?: number;
  now?: () => number;
  /**
   * Where flushes nobody awaits (the timer, an append, a read) report a failure; without it they
   * throw. The samples stay buffered either way, so a full disk loses nothing accepted.
   */
  onFlushError?: (error: unknown) => void;
}

export class TelemetryStore {
  private readonly tables: TelemetryTables;
  private readonly ingest: TelemetryIngest;
  private readonly queries: TelemetryQueries;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    db: Database,
    private readonly options: TelemetryStoreOptions = {},
  ) {
    this.tables = new TelemetryTables(db);
    this.ingest = new TelemetryIngest(this.tables, options.now ?? Date.now, options.onFlushError);
    this.queries = new TelemetryQueries(this.tables, () => this.readyToRead());
    const interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    if (!options.readOnly && interval > 0) {
      this.timer = setInterval(() => this.ingest.flushInBackground(), interval);
      this.timer.unref();
    }
  }

  /** Tables exist only from schema 2; a read-only older file simply has no telemetry. */
  get available(): boolean {
    return this.tables.available;
  }

  append(batch: TelemetryBatch): { accepted: number } {
    this.assertWritable();
    return this.ingest.append(batch);
  }

  /**
   * The bulk form of `append` for one joint: columns as typed arrays, which cross the worker
   * boundary as a copy of their bytes instead of a structured clone of one object per sample
   * (used by `genba demo`, imports and benchmarks; robot sessions send ordinary batches).
   */
  appendColumns(batch: TelemetryColumns): { accepted: number } {
    this.assertWritable();
    return this.ingest.appendColumns(batch);
  }

  /** Writes every buffered sample and dirty rollup block in one transaction. */
  flush(): FlushResult {
    return this.ingest.flush();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.options.readOnly) this.flush();
  }

  /** Forgets cached rollup blocks (after retention deleted rows underneath them). */
  dropCaches(): void {
    this.ingest.dropCaches();
  }

  listSeries(): SeriesInfo[] {
    return this.queries.listSeries();
  }

  /** Full-rate rows of one joint in [fromMs, toMs). */
  readRaw(robotId: string, joint: string, fromMs: number, toMs: number): RawSeries {
    return this.queries.readRaw(robotId, joint, fromMs, toMs);
  }

  /** The decoded chunks of one series that overlap the range, in time order. */
  iterateChunks(
    seriesId: number,
    fromMs: number,
    toMs: number,
  ): Generator<{ n: number; columns: Float64Array[] }> {
    return this.queries.iterateChunks(seriesId, fromMs, toMs);
  }

  seriesIdOf(robotId: string, joint: string): number | undefined {
    if (!this.available) return undefined;
    return this.tables.ids.get(robotId, joint, false);
  }

  /**
   * One channel of one joint over [fromMs, toMs) as at most `points` chart points. Uses
   * full-rate chunks when the range is short enough for them to matter, rollups otherwise, and
   * falls back to coarser data where finer data was evicted.
   */
  series(args: SeriesRequest): SeriesResult {
    return this.queries.series(args);
  }

  /** Decoded rollup entries of one series (tests and export of rollups). */
  rollupEntries(robotId: string, joint: string, level: RollupLevel): RollupEntry[] {
    return this.queries.rollupEntries(robotId, joint, level);
  }

  private assertWritable(): void {
    if (this.options.readOnly) {
      throw Object.assign(
        new Error('This log file is open read-only; telemetry cannot be added to it.'),
        { code: 'read-only' },
      );
    }
  }

  /** Samples accepted but not yet committed to disk. */
  get unwrittenSamples(): number {
    return this.ingest.unwrittenSamples;
  }

  private readyToRead(): boolean {
    if (!this.available) return false;
    if (!this.options.readOnly) this.ingest.flushInBackground();
    return true;
  }
}
