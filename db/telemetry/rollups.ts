/**
 * Per-second and per-minute rollups (min, max, mean, last of every channel) kept as blocks:
 * a level-1000 block holds the per-second entries of one minute, a level-60000 block the
 * per-minute entries of one hour. Each entry keeps the sum and count, so the mean is exact
 * (sum / n, summed in arrival order like a direct computation) and blocks merge correctly.
 */
import { CHANNEL_STEPS, CHANNELS } from './channels';
import { decodeColumns, encodeColumns } from './codec';

export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export type RollupLevel = typeof SECOND | typeof MINUTE;

/** How long one block of a level spans. */
export function blockSpan(level: RollupLevel): number {
  return level === SECOND ? MINUTE : HOUR;
}

const C = CHANNELS.length;

export interface RollupEntry {
  tMs: number;
  n: number;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  last: Float64Array;
  lastT: number;
}

export function newEntry(tMs: number): RollupEntry {
  return {
    tMs,
    n: 0,
    min: new Float64Array(C).fill(Infinity),
    max: new Float64Array(C).fill(-Infinity),
    sum: new Float64Array(C),
    last: new Float64Array(C),
    lastT: -Infinity,
  };
}

/** Adds one sample (values in channel order). */
export function addSample(entry: RollupEntry, tMs: number, values: ArrayLike<number>): void {
  entry.n++;
  const { min, max, sum, last } = entry;
  const isLast = tMs >= entry.lastT;
  for (let c = 0; c < C; c++) {
    const v = values[c]!;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
    sum[c] = sum[c]! + v;
    if (isLast) last[c] = v;
  }
  if (isLast) entry.lastT = tMs;
}

/** Columns: offset within the block (in levels), n, then min/max/sum/last per channel. */
function steps(): number[] {
  const out = [1, 1];
  for (const step of CHANNEL_STEPS) out.push(step, step, step, step);
  return out;
}
const BLOCK_STEPS = steps();

export function encodeBlock(level: RollupLevel, t0: number, entries: RollupEntry[]): Uint8Array {
  const n = entries.length;
  const columns: Float64Array[] = Array.from({ length: 2 + 4 * C }, () => new Float64Array(n));
  entries.forEach((entry, i) => {
    columns[0]![i] = (entry.tMs - t0) / level;
    columns[1]![i] = entry.n;
    for (let c = 0; c < C; c++) {
      columns[2 + 4 * c]![i] = entry.min[c]!;
      columns[3 + 4 * c]![i] = entry.max[c]!;
      columns[4 + 4 * c]![i] = entry.sum[c]!;
      columns[5 + 4 * c]![i] = entry.last[c]!;
    }
  });
  return encodeColumns(columns, n, BLOCK_STEPS);
}

export function decodeBlock(level: RollupLevel, t0: number, data: Uint8Array): RollupEntry[] {
  const { n, columns } = decodeColumns(data, BLOCK_STEPS);
  const entries: RollupEntry[] = [];
  for (let i = 0; i < n; i++) {
    const entry = newEntry(t0 + columns[0]![i]! * level);
    entry.n = columns[1]![i]!;
    // Samples added after a reload are later than every stored one.
    entry.lastT = entry.tMs;
    for (let c = 0; c < C; c++) {
      entry.min[c] = columns[2 + 4 * c]![i]!;
      entry.max[c] = columns[3 + 4 * c]![i]!;
      entry.sum[c] = columns[4 + 4 * c]![i]!;
      entry.last[c] = columns[5 + 4 * c]![i]!;
    }
    entries.push(entry);
  }
  return entries;
}

/** One channel of a block: entry times, n, min, max, mean, last. */
export interface ChannelRollup {
  tMs: Float64Array;
  n: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  last: Float64Array;
}

export function decodeBlockChannel(
  level: RollupLevel,
  t0: number,
  data: Uint8Array,
  channel: number,
): ChannelRollup {
  const base = 2 + 4 * channel;
  const { n, columns } = decodeColumns(data, BLOCK_STEPS, [
    0,
    1,
    base,
    base + 1,
    base + 2,
    base + 3,
  ]);
  const tMs = columns[0]!;
  for (let i = 0; i < n; i++) tMs[i] = t0 + tMs[i]! * level;
  const counts = columns[1]!;
  const mean = columns[base + 2]!;
  for (let i = 0; i < n; i++) mean[i] = mean[i]! / counts[i]!;
  return {
    tMs,
    n: counts,
    min: columns[base]!,
    max: columns[base + 1]!,
    mean,
    last: columns[base + 3]!,
  };
}
