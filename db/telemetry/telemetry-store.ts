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
 */
import type { Database } from 'better-sqlite3';
import type { TelemetryBatch, TelemetrySample } from '../../native/domain';
import { CHANNEL_FIELDS, CHANNEL_STEPS, CHANNELS, TIME_STEP_MS, channelIndex } from './channels';
import { decodeColumns, encodeColumns } from './codec';
import { emptyPoints, minMaxDownsample, type SeriesPoints } from './downsample';
import {
  addSample,
  blockSpan,
  decodeBlock,
  decodeBlockChannel,
  encodeBlock,
  MINUTE,
  newEntry,
  SECOND,
  type RollupEntry,
  type RollupLevel,
} from './rollups';

export const MAX_CHUNK_SAMPLES = 1000;
export const CHUNK_MAX_MS = 10_000;
export const FLUSH_INTERVAL_MS = 1000;
/** Chart requests are capped here (a few times a wide screen's pixel width). */
export const MAX_POINTS = 4000;

const C = CHANNELS.length;
const ALL_STEPS = [TIME_STEP_MS, ...CHANNEL_STEPS];

interface SeriesBuffer {
  id: number;
  robotId: string;
  joint: string;
  t: number[];
  values: number[][];
  sec: { entry: RollupEntry; block: RollupBlock } | null;
  min: { entry: RollupEntry; block: RollupBlock } | null;
}

interface RollupBlock {
  seriesId: number;
  level: RollupLevel;
  t0: number;
  entries: Map<number, RollupEntry>;
  dirty: boolean;
}

interface PendingChunk {
  seriesId: number;
  t0: number;
  t1: number;
  n: number;
  data: Uint8Array;
}

/** One joint's samples as columns (channel order as CHANNELS). */
export interface TelemetryColumns {
  robotId: string;
  joint: string;
  tMs: Float64Array;
  values: Float64Array[];
}

export interface SeriesInfo {
  robotId: string;
  joint: string;
  fromMs: number;
  toMs: number;
}

/** Full-rate rows of one joint, columnar (channel arrays in CHANNELS order). */
export interface RawSeries {
  robotId: string;
  joint: string;
  tMs: number[];
  positionRad: number[];
  velocityRadS: number[];
  currentA: number[];
  voltageV: number[];
  temperatureC: number[];
  hwError: number[];
}

export type SeriesSource = 'full-rate' | 'per-second' | 'per-minute' | 'none';

export interface SeriesResult extends SeriesPoints {
  robotId: string;
  joint: string;
  channel: string;
  fromMs: number;
  toMs: number;
  source: SeriesSource;
  /** How many stored samples (or rollup entries) the points summarize. */
  sourceCount: number;
}

export interface FlushResult {
  chunks: number;
  samples: number;
}

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
  private readonly buffers = new Map<string, SeriesBuffer>();
  private readonly seriesIds = new Map<string, number>();
  private readonly blocks = new Map<string, RollupBlock>();
  private pending: PendingChunk[] = [];
  private bufferedSamples = 0;
  private lastFlush: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private statements: ReturnType<TelemetryStore['prepare']> | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: TelemetryStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.lastFlush = this.now();
    const interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    if (!options.readOnly && interval > 0) {
      this.timer = setInterval(() => this.flushInBackground(), interval);
      this.timer.unref();
    }
  }

  /** Tables exist only from schema 2; a read-only older file simply has no telemetry. */
  get available(): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'telemetry_chunks'")
        .get() !== undefined
    );
  }

  private get sql() {
    this.statements ??= this.prepare();
    return this.statements;
  }

  private prepare() {
    const db = this.db;
    return {
      findSeries: db.prepare('SELECT id FROM telemetry_series WHERE robot_id = ? AND joint = ?'),
      insertSeries: db.prepare('INSERT INTO telemetry_series (robot_id, joint) VALUES (?, ?)'),
      insertChunk: db.prepare(
        'INSERT INTO telemetry_chunks (series_id, t0_ms, t1_ms, n, data) VALUES (?, ?, ?, ?, ?)',
      ),
      getBlock: db.prepare(
        'SELECT data FROM telemetry_rollups WHERE series_id = ? AND level = ? AND t0_ms = ?',
      ),
      putBlock: db.prepare(
        'INSERT OR REPLACE INTO telemetry_rollups (series_id, level, t0_ms, n, data) VALUES (?, ?, ?, ?, ?)',
      ),
      chunksInRange: db.prepare(
        `SELECT t0_ms, t1_ms, n, data FROM telemetry_chunks
         WHERE series_id = ? AND t0_ms >= ? AND t0_ms < ? AND t1_ms >= ? ORDER BY t0_ms, id`,
      ),
      blocksInRange: db.prepare(
        `SELECT t0_ms, data FROM telemetry_rollups
         WHERE series_id = ? AND level = ? AND t0_ms >= ? AND t0_ms < ? ORDER BY t0_ms`,
      ),
      countInRange: db.prepare(
        `SELECT coalesce(sum(n), 0) AS n FROM telemetry_chunks
         WHERE series_id = ? AND t0_ms >= ? AND t0_ms < ? AND t1_ms >= ?`,
      ),
    };
  }

  // ---- ingest --------------------------------------------------------------------------------

  append(batch: TelemetryBatch): { accepted: number } {
    this.assertWritable();
    const robotId = batch.robotId;
    if (typeof robotId !== 'string' || robotId === '' || !Array.isArray(batch.samples)) {
      throw Object.assign(new Error('A telemetry batch needs a robotId and a samples array.'), {
        code: 'invalid-telemetry',
      });
    }
    const row = new Float64Array(C);
    for (const sample of batch.samples) {
      const tMs = sample.tMs;
      if (!Number.isFinite(tMs) || typeof sample.joint !== 'string') {
        throw Object.assign(
          new Error(
            `A telemetry sample of ${robotId} has no valid time or joint; the batch was not stored.`,
          ),
          { code: 'invalid-telemetry' },
        );
      }
      for (let c = 0; c < C; c++) row[c] = Number(sample[CHANNEL_FIELDS[c]!]);
      this.appendOne(this.buffer(robotId, sample.joint), tMs, row);
    }
    this.bufferedSamples += batch.samples.length;
    if (this.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flushInBackground();
    return { accepted: batch.samples.length };
  }

  /**
   * The bulk form of `append` for one joint: columns as typed arrays, which cross the worker
   * boundary as a copy of their bytes instead of a structured clone of one object per sample
   * (used by `genba demo`, imports and benchmarks; robot sessions send ordinary batches).
   */
  appendColumns(batch: TelemetryColumns): { accepted: number } {
    this.assertWritable();
    const { robotId, joint, tMs, values } = batch;
    const n = tMs.length;
    if (
      typeof robotId !== 'string' ||
      robotId === '' ||
      typeof joint !== 'string' ||
      values.length !== C ||
      values.some((v) => v.length !== n)
    ) {
      throw Object.assign(
        new Error(
          'A telemetry column batch needs a robotId, a joint, tMs and six value columns of the same length.',
        ),
        { code: 'invalid-telemetry' },
      );
    }
    const buffer = this.buffer(robotId, joint);
    const row = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      const t = tMs[i]!;
      if (!Number.isFinite(t)) {
        throw Object.assign(new Error(`A telemetry sample of ${robotId} has no valid time.`), {
          code: 'invalid-telemetry',
        });
      }
      for (let c = 0; c < C; c++) row[c] = values[c]![i]!;
      this.appendOne(buffer, t, row);
    }
    this.bufferedSamples += n;
    if (this.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flushInBackground();
    return { accepted: n };
  }

  private appendOne(buffer: SeriesBuffer, tMs: number, row: Float64Array): void {
    const count = buffer.t.length;
    if (
      count > 0 &&
      (tMs < buffer.t[count - 1]! ||
        tMs - buffer.t[0]! >= CHUNK_MAX_MS ||
        count >= MAX_CHUNK_SAMPLES)
    ) {
      this.seal(buffer);
    }
    buffer.t.push(tMs);
    for (let c = 0; c < C; c++) buffer.values[c]!.push(row[c]!);
    this.rollup(buffer, tMs, row);
  }

  private assertWritable(): void {
    if (this.options.readOnly) {
      throw Object.assign(
        new Error('This log file is open read-only; telemetry cannot be added to it.'),
        { code: 'read-only' },
      );
    }
  }

  /** Writes every buffered sample and dirty rollup block in one transaction. */
  flush(): FlushResult {
    this.lastFlush = this.now();
    if (this.bufferedSamples === 0 && this.pending.length === 0) return { chunks: 0, samples: 0 };
    for (const buffer of this.buffers.values()) if (buffer.t.length) this.seal(buffer);
    const chunks = this.pending;
    this.pending = [];
    const samples = this.bufferedSamples;
    this.bufferedSamples = 0;
    const sql = this.sql;
    const written: RollupBlock[] = [];
    try {
      this.db.transaction(() => {
        for (const chunk of chunks) {
          sql.insertChunk.run(chunk.seriesId, chunk.t0, chunk.t1, chunk.n, chunk.data);
        }
        for (const block of this.blocks.values()) {
          if (!block.dirty) continue;
          const entries = [...block.entries.values()].sort((a, b) => a.tMs - b.tMs);
          sql.putBlock.run(
            block.seriesId,
            block.level,
            block.t0,
            entries.length,
            encodeBlock(block.level, block.t0, entries),
          );
          written.push(block);
        }
      })();
    } catch (error) {
      // Nothing was committed: every sample waits for the next flush.
      this.pending = chunks.concat(this.pending);
      this.bufferedSamples += samples;
      throw error;
    }
    for (const block of written) block.dirty = false;
    // Keep only the blocks the series are still writing into.
    const live = new Set<RollupBlock>();
    for (const buffer of this.buffers.values()) {
      if (buffer.sec) live.add(buffer.sec.block);
      if (buffer.min) live.add(buffer.min.block);
    }
    for (const [key, block] of this.blocks) if (!live.has(block)) this.blocks.delete(key);
    return { chunks: chunks.length, samples };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.options.readOnly) this.flush();
  }

  /** Forgets cached rollup blocks (after retention deleted rows underneath them). */
  dropCaches(): void {
    this.flush();
    this.blocks.clear();
    for (const buffer of this.buffers.values()) {
      buffer.sec = null;
      buffer.min = null;
    }
  }

  private buffer(robotId: string, joint: string): SeriesBuffer {
    const key = `${robotId}\u0000${joint}`;
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = {
        id: this.seriesId(robotId, joint, true)!,
        robotId,
        joint,
        t: [],
        values: Array.from({ length: C }, () => []),
        sec: null,
        min: null,
      };
      this.buffers.set(key, buffer);
    }
    return buffer;
  }

  private seriesId(robotId: string, joint: string, create: boolean): number | undefined {
    const key = `${robotId}\u0000${joint}`;
    const known = this.seriesIds.get(key);
    if (known !== undefined) return known;
    const row = this.sql.findSeries.get(robotId, joint) as { id: number } | undefined;
    let id = row?.id;
    if (id === undefined && create) {
      id = Number(this.sql.insertSeries.run(robotId, joint).lastInsertRowid);
    }
    if (id !== undefined) this.seriesIds.set(key, id);
    return id;
  }

  private seal(buffer: SeriesBuffer): void {
    const n = buffer.t.length;
    if (n === 0) return;
    const data = encodeColumns([buffer.t, ...buffer.values], n, ALL_STEPS);
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const t of buffer.t) {
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
    }
    this.pending.push({ seriesId: buffer.id, t0: Math.floor(t0), t1: Math.ceil(t1), n, data });
    buffer.t = [];
    buffer.values = Array.from({ length: C }, () => []);
  }

  private rollup(buffer: SeriesBuffer, tMs: number, row: Float64Array): void {
    const sec = Math.floor(tMs / SECOND) * SECOND;
    if (!buffer.sec || buffer.sec.entry.tMs !== sec)
      buffer.sec = this.entry(buffer.id, SECOND, sec);
    addSample(buffer.sec.entry, tMs, row);
    buffer.sec.block.dirty = true;
    const min = Math.floor(tMs / MINUTE) * MINUTE;
    if (!buffer.min || buffer.min.entry.tMs !== min)
      buffer.min = this.entry(buffer.id, MINUTE, min);
    addSample(buffer.min.entry, tMs, row);
    buffer.min.block.dirty = true;
  }

  private entry(
    seriesId: number,
    level: RollupLevel,
    tMs: number,
  ): { entry: RollupEntry; block: RollupBlock } {
    const span = blockSpan(level);
    const t0 = Math.floor(tMs / span) * span;
    const key = `${seriesId}:${level}:${t0}`;
    let block = this.blocks.get(key);
    if (!block) {
      const row = this.sql.getBlock.get(seriesId, level, t0) as { data: Buffer } | undefined;
      const entries = new Map<number, RollupEntry>();
      if (row) for (const e of decodeBlock(level, t0, row.data)) entries.set(e.tMs, e);
      block = { seriesId, level, t0, entries, dirty: false };
      this.blocks.set(key, block);
    }
    let entry = block.entries.get(tMs);
    if (!entry) {
      entry = newEntry(tMs);
      block.entries.set(tMs, entry);
    }
    return { entry, block };
  }

  // ---- queries -------------------------------------------------------------------------------

  listSeries(): SeriesInfo[] {
    if (!this.available) return [];
    this.flushIfWritable();
    const rows = this.db
      .prepare(
        `SELECT s.robot_id AS robotId, s.joint,
           (SELECT min(t0_ms) FROM telemetry_chunks c WHERE c.series_id = s.id) AS c0,
           (SELECT t1_ms FROM telemetry_chunks c WHERE c.series_id = s.id ORDER BY t0_ms DESC LIMIT 1) AS c1,
           (SELECT min(t0_ms) FROM telemetry_rollups r WHERE r.series_id = s.id AND r.level = ${MINUTE}) AS r0,
           (SELECT max(t0_ms) FROM telemetry_rollups r WHERE r.series_id = s.id AND r.level = ${MINUTE}) AS r1
         FROM telemetry_series s ORDER BY s.robot_id, s.joint`,
      )
      .all() as {
      robotId: string;
      joint: string;
      c0: number | null;
      c1: number | null;
      r0: number | null;
      r1: number | null;
    }[];
    return rows
      .filter((r) => r.c0 !== null || r.r0 !== null)
      .map((r) => ({
        robotId: r.robotId,
        joint: r.joint,
        // Per-minute rollup blocks are keyed by their hour: within an hour that still has
        // full-rate chunks, the chunks give the exact bounds; only where full-rate data was
        // evicted do the bounds fall back to the hour.
        fromMs:
          r.c0 !== null && (r.r0 === null || r.c0 < r.r0 + 60 * MINUTE)
            ? r.c0
            : Math.min(r.c0 ?? Infinity, r.r0 ?? Infinity),
        toMs:
          r.c1 !== null && (r.r1 === null || r.c1 >= r.r1)
            ? r.c1
            : Math.max(r.c1 ?? -Infinity, r.r1 === null ? -Infinity : r.r1 + 59 * MINUTE),
      }));
  }

  /** Full-rate rows of one joint in [fromMs, toMs). */
  readRaw(robotId: string, joint: string, fromMs: number, toMs: number): RawSeries {
    const out: RawSeries = {
      robotId,
      joint,
      tMs: [],
      positionRad: [],
      velocityRadS: [],
      currentA: [],
      voltageV: [],
      temperatureC: [],
      hwError: [],
    };
    if (!this.available) return out;
    this.flushIfWritable();
    const id = this.seriesId(robotId, joint, false);
    if (id === undefined) return out;
    const fields = [
      out.positionRad,
      out.velocityRadS,
      out.currentA,
      out.voltageV,
      out.temperatureC,
      out.hwError,
    ];
    for (const chunk of this.chunks(id, fromMs, toMs)) {
      const { n, columns } = decodeColumns(chunk.data, ALL_STEPS);
      const t = columns[0]!;
      for (let i = 0; i < n; i++) {
        const ti = t[i]!;
        if (ti < fromMs || ti >= toMs) continue;
        out.tMs.push(ti);
        for (let c = 0; c < C; c++) fields[c]!.push(columns[c + 1]![i]!);
      }
    }
    return out;
  }

  /** Calls `onChunk` with decoded chunks of every series overlapping the range, in order. */
  *iterateChunks(
    seriesId: number,
    fromMs: number,
    toMs: number,
  ): Generator<{ n: number; columns: Float64Array[] }> {
    for (const chunk of this.chunks(seriesId, fromMs, toMs)) {
      const { n, columns } = decodeColumns(chunk.data, ALL_STEPS);
      yield { n, columns: columns as Float64Array[] };
    }
  }

  seriesIdOf(robotId: string, joint: string): number | undefined {
    if (!this.available) return undefined;
    return this.seriesId(robotId, joint, false);
  }

  private chunks(seriesId: number, fromMs: number, toMs: number) {
    return this.sql.chunksInRange.iterate(
      seriesId,
      fromMs - CHUNK_MAX_MS,
      toMs,
      fromMs,
    ) as IterableIterator<{ t0_ms: number; t1_ms: number; n: number; data: Buffer }>;
  }

  /**
   * One channel of one joint over [fromMs, toMs) as at most `points` chart points. Uses
   * full-rate chunks when the range is short enough for them to matter, rollups otherwise, and
   * falls back to coarser data where finer data was evicted.
   */
  series(args: {
    robotId: string;
    joint: string;
    channel: string;
    fromMs: number;
    toMs: number;
    points: number;
  }): SeriesResult {
    const channel = channelIndex(args.channel);
    const points = Math.max(2, Math.min(MAX_POINTS, Math.floor(args.points)));
    const { fromMs, toMs } = args;
    const base = {
      robotId: args.robotId,
      joint: args.joint,
      channel: args.channel,
      fromMs,
      toMs,
    };
    const none: SeriesResult = { ...base, ...emptyPoints(), source: 'none', sourceCount: 0 };
    if (!this.available || !(toMs > fromMs)) return none;
    this.flushIfWritable();
    const id = this.seriesId(args.robotId, args.joint, false);
    if (id === undefined) return none;

    const span = toMs - fromMs;
    // Full rate while a second holds more than one point on screen; then seconds; then minutes.
    const order: SeriesSource[] =
      span <= points * SECOND
        ? ['full-rate', 'per-second', 'per-minute']
        : span <= points * MINUTE
          ? ['per-second', 'per-minute', 'full-rate']
          : ['per-minute', 'per-second'];
    for (const source of order) {
      const result =
        source === 'full-rate'
          ? this.fullRatePoints(id, channel, fromMs, toMs, points)
          : this.rollupPoints(
              id,
              source === 'per-second' ? SECOND : MINUTE,
              channel,
              fromMs,
              toMs,
              points,
            );
      if (result && result.sourceCount > 0) return { ...base, ...result };
    }
    return none;
  }

  private fullRatePoints(
    id: number,
    channel: number,
    fromMs: number,
    toMs: number,
    points: number,
  ): (SeriesPoints & { source: SeriesSource; sourceCount: number }) | null {
    const total = (
      this.sql.countInRange.get(id, fromMs - CHUNK_MAX_MS, toMs, fromMs) as { n: number }
    ).n;
    if (total === 0) return null;
    const t = new Float64Array(total);
    const v = new Float64Array(total);
    let count = 0;
    for (const chunk of this.chunks(id, fromMs, toMs)) {
      const { n, columns } = decodeColumns(chunk.data, ALL_STEPS, [0, channel + 1]);
      const ct = columns[0]!;
      const cv = columns[channel + 1]!;
      for (let i = 0; i < n; i++) {
        const ti = ct[i]!;
        if (ti < fromMs || ti >= toMs) continue;
        t[count] = ti;
        v[count++] = cv[i]!;
      }
    }
    if (count === 0) return null;
    return {
      ...minMaxDownsample(t, v, count, fromMs, toMs, points),
      source: 'full-rate',
      sourceCount: count,
    };
  }

  private rollupPoints(
    id: number,
    level: RollupLevel,
    channel: number,
    fromMs: number,
    toMs: number,
    points: number,
  ): (SeriesPoints & { source: SeriesSource; sourceCount: number }) | null {
    const span = blockSpan(level);
    const rows = this.sql.blocksInRange.all(id, level, Math.floor(fromMs / span) * span, toMs) as {
      t0_ms: number;
      data: Buffer;
    }[];
    const t: number[] = [];
    const mean: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (const row of rows) {
      const block = decodeBlockChannel(level, row.t0_ms, row.data, channel);
      for (let i = 0; i < block.tMs.length; i++) {
        const ti = block.tMs[i]!;
        if (ti + level <= fromMs || ti >= toMs) continue;
        t.push(ti + level / 2);
        mean.push(block.mean[i]!);
        lo.push(block.min[i]!);
        hi.push(block.max[i]!);
      }
    }
    if (t.length === 0) return null;
    return {
      ...minMaxDownsample(t, mean, t.length, fromMs, toMs, points, lo, hi),
      source: level === SECOND ? 'per-second' : 'per-minute',
      sourceCount: t.length,
    };
  }

  /** Decoded rollup entries of one series (tests and export of rollups). */
  rollupEntries(robotId: string, joint: string, level: RollupLevel): RollupEntry[] {
    if (!this.available) return [];
    this.flushIfWritable();
    const id = this.seriesId(robotId, joint, false);
    if (id === undefined) return [];
    const rows = this.sql.blocksInRange.all(
      id,
      level,
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ) as {
      t0_ms: number;
      data: Buffer;
    }[];
    return rows.flatMap((row) => decodeBlock(level, row.t0_ms, row.data));
  }

  /** Samples accepted but not yet committed to disk. */
  get unwrittenSamples(): number {
    return this.bufferedSamples;
  }

  private flushInBackground(): void {
    try {
      this.flush();
    } catch (error) {
      if (!this.options.onFlushError) throw error;
      this.options.onFlushError(error);
    }
  }

  private flushIfWritable(): void {
    if (!this.options.readOnly) this.flushInBackground();
  }
}

export function sampleFromRow(
  joint: string,
  tMs: number,
  values: ArrayLike<number>,
): TelemetrySample {
  return {
    tMs,
    joint,
    positionRad: values[0]!,
    velocityRadS: values[1]!,
    currentA: values[2]!,
    voltageV: values[3]!,
    temperatureC: values[4]!,
    hwError: values[5]!,
  };
}
