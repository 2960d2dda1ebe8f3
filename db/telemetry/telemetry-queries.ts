/**
 * The read side of the telemetry store: series bounds, full-rate rows, and chart points from
 * full-rate chunks or rollups, whichever is fine enough for the range.
 */
import { CHANNELS, channelIndex } from './channels';
import { decodeColumns } from './codec';
import { emptyPoints, minMaxDownsample, type SeriesPoints } from './downsample';
import {
  blockSpan,
  decodeBlock,
  decodeBlockChannel,
  MINUTE,
  SECOND,
  type RollupEntry,
  type RollupLevel,
} from './rollups';
import { ALL_STEPS, CHUNK_MAX_MS, MAX_POINTS, type TelemetryTables } from './telemetry-tables';

const C = CHANNELS.length;

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

/** One channel of one joint over [fromMs, toMs), as at most `points` chart points. */
export interface SeriesRequest {
  robotId: string;
  joint: string;
  channel: string;
  fromMs: number;
  toMs: number;
  points: number;
}

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

export class TelemetryQueries {
  /**
   * `ready()` says whether the file has telemetry tables at all and, when it does, flushes
   * what is buffered, so a query sees everything appended before it.
   */
  constructor(
    private readonly tables: TelemetryTables,
    private readonly ready: () => boolean,
  ) {}

  listSeries(): SeriesInfo[] {
    if (!this.ready()) return [];
    const rows = this.tables.db
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
    if (!this.ready()) return out;
    const id = this.tables.ids.get(robotId, joint, false);
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

  /** The decoded chunks of one series that overlap the range, in time order. */
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

  private chunks(seriesId: number, fromMs: number, toMs: number) {
    return this.tables.sql.chunksInRange.iterate(
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
  series(args: SeriesRequest): SeriesResult {
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
    if (!(toMs > fromMs) || !this.ready()) return none;
    const id = this.tables.ids.get(args.robotId, args.joint, false);
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
      this.tables.sql.countInRange.get(id, fromMs - CHUNK_MAX_MS, toMs, fromMs) as { n: number }
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
    const rows = this.tables.sql.blocksInRange.all(
      id,
      level,
      Math.floor(fromMs / span) * span,
      toMs,
    ) as {
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
    if (!this.ready()) return [];
    const id = this.tables.ids.get(robotId, joint, false);
    if (id === undefined) return [];
    const rows = this.tables.sql.blocksInRange.all(
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
}
