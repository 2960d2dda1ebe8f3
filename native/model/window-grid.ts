/**
 * A telemetry window resampled onto a fixed 10 Hz grid (linear interpolation, no bridging across
 * gaps), so features mean the same thing at 10 Hz and at 100 Hz; and least-squares slopes on it.
 */
import type { JointSeries } from './joint-series';

export const WINDOW_MS = 30_000;
export const GRID_MS = 100;
export const GRID_N = WINDOW_MS / GRID_MS;
/** Two raw samples further apart than this are a gap: nothing is interpolated across it. */
const MAX_BRIDGE_MS = 600;

export interface Grid {
  valid: Uint8Array;
  pos: Float64Array;
  vel: Float64Array;
  cur: Float64Array;
  volt: Float64Array;
  temp: Float64Array;
}

/** One grid, reused: features are computed one window at a time and nothing keeps the grid. */
const sharedGrid: Grid = {
  valid: new Uint8Array(GRID_N),
  pos: new Float64Array(GRID_N),
  vel: new Float64Array(GRID_N),
  cur: new Float64Array(GRID_N),
  volt: new Float64Array(GRID_N),
  temp: new Float64Array(GRID_N),
};

export function resample(s: JointSeries, tEnd: number): Grid {
  const g = sharedGrid;
  g.valid.fill(0);
  const t0 = tEnd - (GRID_N - 1) * GRID_MS;
  let j = Math.max(s.start, s.lowerBound(t0) - 1);
  for (let k = 0; k < GRID_N; k++) {
    const tk = t0 + k * GRID_MS;
    while (j + 1 < s.end && (s.t[j + 1] ?? Infinity) <= tk) j++;
    const ta = s.t[j] ?? Infinity;
    if (ta > tk) continue;
    if (ta === tk || j + 1 >= s.end) {
      // At or after the last sample: hold it only briefly.
      if (tk - ta > MAX_BRIDGE_MS / 2) continue;
      g.valid[k] = 1;
      g.pos[k] = s.pos[j] ?? 0;
      g.vel[k] = s.vel[j] ?? 0;
      g.cur[k] = s.cur[j] ?? 0;
      g.volt[k] = s.volt[j] ?? 0;
      g.temp[k] = s.temp[j] ?? 0;
      continue;
    }
    const tb = s.t[j + 1] ?? ta;
    if (tb - ta > MAX_BRIDGE_MS) continue;
    const w = (tk - ta) / (tb - ta);
    g.valid[k] = 1;
    g.pos[k] = lerp(s.pos, j, w);
    g.vel[k] = lerp(s.vel, j, w);
    g.cur[k] = lerp(s.cur, j, w);
    g.volt[k] = lerp(s.volt, j, w);
    g.temp[k] = lerp(s.temp, j, w);
  }
  return g;
}

function lerp(a: Float64Array, j: number, w: number): number {
  return (a[j] ?? 0) * (1 - w) + (a[j + 1] ?? 0) * w;
}

/** Least-squares slope (units per second) of `y` over valid grid points from index `from`. */
export function slope(g: Grid, y: Float64Array, from: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = from; k < GRID_N; k++) {
    if (!g.valid[k]) continue;
    const x = (k * GRID_MS) / 1000;
    const v = y[k] ?? 0;
    n++;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  }
  const den = n * sxx - sx * sx;
  return n >= 5 && den > 1e-9 ? (n * sxy - sx * sy) / den : 0;
}
