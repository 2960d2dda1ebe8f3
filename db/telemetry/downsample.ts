/**
 * Chart-ready downsampling in the database worker: MinMax buckets keep every spike (a fault's
 * current peak must not vanish when zoomed out), emitting each bucket's min and max in time
 * order, so a line through the points draws the same envelope as the full data.
 */

export interface SeriesPoints {
  tMs: number[];
  value: number[];
  /** Envelope per point: equal to value for raw samples, the bucket's range otherwise. */
  min: number[];
  max: number[];
}

export function emptyPoints(): SeriesPoints {
  return { tMs: [], value: [], min: [], max: [] };
}

/**
 * Reduces (t, v[, lo, hi]) to at most `points` points over [fromMs, toMs). Inputs in time order.
 * `lo`/`hi` are per-input envelopes (rollups); raw samples pass none.
 */
export function minMaxDownsample(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  count: number,
  fromMs: number,
  toMs: number,
  points: number,
  lo?: ArrayLike<number>,
  hi?: ArrayLike<number>,
): SeriesPoints {
  const out = emptyPoints();
  if (count <= points) {
    for (let i = 0; i < count; i++) {
      out.tMs.push(t[i]!);
      out.value.push(v[i]!);
      out.min.push(lo ? lo[i]! : v[i]!);
      out.max.push(hi ? hi[i]! : v[i]!);
    }
    return out;
  }
  const buckets = Math.max(1, Math.floor(points / 2));
  const width = Math.max(1, (toMs - fromMs) / buckets);
  let i = 0;
  while (i < count) {
    const bucket = Math.floor((t[i]! - fromMs) / width);
    const end = fromMs + (bucket + 1) * width;
    let minI = i;
    let maxI = i;
    let minV = lo ? lo[i]! : v[i]!;
    let maxV = hi ? hi[i]! : v[i]!;
    let j = i + 1;
    for (; j < count && t[j]! < end; j++) {
      const a = lo ? lo[j]! : v[j]!;
      const b = hi ? hi[j]! : v[j]!;
      if (a < minV) {
        minV = a;
        minI = j;
      }
      if (b > maxV) {
        maxV = b;
        maxI = j;
      }
    }
    const first = Math.min(minI, maxI);
    const second = Math.max(minI, maxI);
    const firstIsMin = first === minI;
    out.tMs.push(t[first]!);
    out.value.push(firstIsMin ? minV : maxV);
    out.min.push(minV);
    out.max.push(maxV);
    if (second !== first) {
      out.tMs.push(t[second]!);
      out.value.push(firstIsMin ? maxV : minV);
      out.min.push(minV);
      out.max.push(maxV);
    }
    i = j;
  }
  return out;
}
