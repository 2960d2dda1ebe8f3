/**
 * The write side of the telemetry store: samples are buffered per robot joint, sealed into
 * chunks (codec.ts) and written with their touched rollup blocks (rollups.ts) in one
 * transaction, so the rollups always describe exactly the stored samples.
 */
import type { TelemetryBatch } from '../../native/domain';
import { CHANNEL_FIELDS, CHANNELS } from './channels';
import { encodeColumns } from './codec';
import {
  addSample,
  blockSpan,
  decodeBlock,
  encodeBlock,
  MINUTE,
  newEntry,
  SECOND,
  type RollupEntry,
  type RollupLevel,
} from './rollups';
import {
  ALL_STEPS,
  CHUNK_MAX_MS,
  FLUSH_INTERVAL_MS,
  MAX_CHUNK_SAMPLES,
  type TelemetryTables,
} from './telemetry-tables';

const C = CHANNELS.length;

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

export interface FlushResult {
  chunks: number;
  samples: number;
}

export class TelemetryIngest {
  private readonly buffers = new Map<string, SeriesBuffer>();
  private readonly blocks = new Map<string, RollupBlock>();
  private pending: PendingChunk[] = [];
  private bufferedSamples = 0;
  private lastFlush: number;

  constructor(
    private readonly tables: TelemetryTables,
    private readonly now: () => number,
    /**
     * Where flushes nobody awaits (an append past the interval) report a failure; without it they
     * throw. The samples stay buffered either way, so a full disk loses nothing accepted.
     */
    private readonly onFlushError?: (error: unknown) => void,
  ) {
    this.lastFlush = now();
  }

  /** Samples accepted but not yet committed to disk. */
  get unwrittenSamples(): number {
    return this.bufferedSamples;
  }

  flushInBackground(): void {
    try {
      this.flush();
    } catch (error) {
      if (!this.onFlushError) throw error;
      this.onFlushError(error);
    }
  }

  append(batch: TelemetryBatch): { accepted: number } {
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

  /** `append` for one joint's columns (see TelemetryStore.appendColumns). */
  appendColumns(batch: TelemetryColumns): { accepted: number } {
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

  /** Writes every buffered sample and dirty rollup block in one transaction. */
  flush(): FlushResult {
    this.lastFlush = this.now();
    if (this.bufferedSamples === 0 && this.pending.length === 0) return { chunks: 0, samples: 0 };
    for (const buffer of this.buffers.values()) if (buffer.t.length) this.seal(buffer);
    const chunks = this.pending;
    this.pending = [];
    const samples = this.bufferedSamples;
    this.bufferedSamples = 0;
    const sql = this.tables.sql;
    const written: RollupBlock[] = [];
    try {
      this.tables.db.transaction(() => {
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
        id: this.tables.ids.get(robotId, joint, true)!,
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
      const row = this.tables.sql.getBlock.get(seriesId, level, t0) as { data: Buffer } | undefined;
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
}
