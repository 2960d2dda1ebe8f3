/**
 * The diagnostics feature pipeline: per-joint telemetry windows → a fixed feature vector that
 * means the same thing at 10 Hz and at 100 Hz, across gaps, payloads, duty cycles and ambient
 * temperatures. Each window is resampled onto a fixed 10 Hz grid (linear interpolation, no
 * bridging across gaps), and the features are rates, slopes, fractions and differences relative
 * to the robot's other joints rather than absolute thresholds alone:
 * - temperature slope and the heat it implies beyond what the measured current explains (I²R),
 * - current level, stall fraction (high current, no motion), friction (current against motion),
 * - transients (current and velocity steps) for collisions,
 * - position changes the velocity does not explain (encoder jumps, backlash at reversals),
 * - bus voltage level, drop and slope (bus-wide, so compared with the other joints),
 * - missing samples relative to the other joints (link degradation) and the Hardware Error bits.
 * Pure functions over columnar arrays; used identically by training, evaluation, the CLI and the
 * live service.
 */
import { MOTOR } from '../servos/physics/servo-physics';
import { HW_BIT, type TelemetryRow } from './telemetry';

export const WINDOW_MS = 30_000;
export const GRID_MS = 100;
export const GRID_N = WINDOW_MS / GRID_MS;
/** Two raw samples further apart than this are a gap: nothing is interpolated across it. */
const MAX_BRIDGE_MS = 600;

export const FEATURE_NAMES = [
  'coverage',
  'rel_sample_rate',
  'irregular_intervals',
  'irregular_vs_robot',
  'temp_vs_robot_c',
  'temp_slope_30s_c_per_min',
  'temp_slope_10s_c_per_min',
  'unexplained_heat_w',
  'temp_level',
  'current_mean_abs_30s',
  'current_max_abs_30s',
  'current_mean_abs_2s',
  'current_max_abs_2s',
  'stall_fraction_2s',
  'stall_fraction_10s',
  'friction_current_a',
  'current_std_30s',
  'current_vs_robot',
  'current_step_max_5s',
  'velocity_step_max_5s',
  'current_step_max_30s',
  'current_step_ratio_5s',
  'pos_residual_max',
  'pos_residual_rate',
  'pos_residual_mean_moving',
  'pos_residual_p90',
  'voltage_level',
  'voltage_drop_30s',
  'voltage_slope_v_per_min',
  'voltage_vs_robot',
  'voltage_min_30s',
  'hw_input_voltage',
  'hw_overheating',
  'hw_encoder',
  'hw_overload',
  'hw_shock',
  'moving_fraction',
  'velocity_mean_abs',
  'log_sample_rate',
  'pos_residual_max_5s',
  'accel_max_5s',
  'current_peak_ratio_5s',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** One joint's samples in time order, columnar, with cheap append and pruning. */
export class JointSeries {
  t: Float64Array;
  pos: Float64Array;
  vel: Float64Array;
  cur: Float64Array;
  volt: Float64Array;
  temp: Float64Array;
  hw: Int32Array;
  start = 0;
  end = 0;

  constructor(capacity = 1024) {
    this.t = new Float64Array(capacity);
    this.pos = new Float64Array(capacity);
    this.vel = new Float64Array(capacity);
    this.cur = new Float64Array(capacity);
    this.volt = new Float64Array(capacity);
    this.temp = new Float64Array(capacity);
    this.hw = new Int32Array(capacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  get lastT(): number {
    return this.end > this.start ? (this.t[this.end - 1] ?? -Infinity) : -Infinity;
  }

  push(row: TelemetryRow): void {
    // Out-of-order or duplicate samples are dropped: the stream must be monotonic.
    if (row.tMs <= this.lastT) return;
    if (this.end === this.t.length) this.grow();
    const i = this.end++;
    this.t[i] = row.tMs;
    this.pos[i] = row.positionRad;
    this.vel[i] = row.velocityRadS;
    this.cur[i] = row.currentA;
    this.volt[i] = row.voltageV;
    this.temp[i] = row.temperatureC;
    this.hw[i] = row.hwError;
  }

  /** Forgets samples older than `tMs`. */
  prune(tMs: number): void {
    while (this.start < this.end && (this.t[this.start] ?? 0) < tMs) this.start++;
    if (this.start > 4096 && this.start > this.end / 2) this.compact();
  }

  /** First index with t ≥ tMs (binary search). */
  lowerBound(tMs: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.t[mid] ?? 0) < tMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const n = this.length;
    const cap = Math.max(1024, n * 2);
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(this.start, this.end));
      return b;
    };
    this.t = copy(this.t, (c) => new Float64Array(c));
    this.pos = copy(this.pos, (c) => new Float64Array(c));
    this.vel = copy(this.vel, (c) => new Float64Array(c));
    this.cur = copy(this.cur, (c) => new Float64Array(c));
    this.volt = copy(this.volt, (c) => new Float64Array(c));
    this.temp = copy(this.temp, (c) => new Float64Array(c));
    this.hw = copy(this.hw, (c) => new Int32Array(c));
    this.start = 0;
    this.end = n;
  }

  private compact(): void {
    const n = this.length;
    for (const a of [this.t, this.pos, this.vel, this.cur, this.volt, this.temp, this.hw])
      a.copyWithin(0, this.start, this.end);
    this.start = 0;
    this.end = n;
  }
}

/** Per-joint values computed first, so each joint can be compared with the rest of its robot. */
interface JointBase {
  n: number;
  irregular: number;
  tempLast: number;
  tempMin: number;
  meanAbsI: number;
  voltLast: number;
}

interface Grid {
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

function resample(s: JointSeries, tEnd: number): Grid {
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

const scratchBuffers: Float64Array[] = [];
/** Reused work arrays (features are computed one window at a time). */
function scratch(slot: number, n: number): Float64Array {
  let b = scratchBuffers[slot];
  if (!b || b.length < n) scratchBuffers[slot] = b = new Float64Array(Math.max(n, 1024) * 2);
  return b.subarray(0, n);
}

/**
 * The k-th smallest value of `a` (0-based), i.e. what `a.sort()[k]` would hold, in O(n): it
 * reorders `a` in place. Values are finite here (window statistics), so NaN ordering never arises.
 */
export function kthSmallest(a: Float64Array, k: number): number | undefined {
  if (k < 0 || k >= a.length) return undefined;
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and constant runs (common in telemetry) linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo] ?? 0;
    const y = a[mid] ?? 0;
    const z = a[hi] ?? 0;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Least-squares slope (units per second) of `y` over valid grid points from index `from`. */
function slope(g: Grid, y: Float64Array, from: number): number {
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

function baseOf(s: JointSeries, tEnd: number): JointBase | null {
  const i0 = s.lowerBound(tEnd - WINDOW_MS);
  const i1 = s.lowerBound(tEnd + 1);
  const n = i1 - i0;
  if (n < 3) return null;
  const intervals = scratch(0, n - 1);
  for (let i = i0 + 1; i < i1; i++) intervals[i - i0 - 1] = (s.t[i] ?? 0) - (s.t[i - 1] ?? 0);
  const work = scratch(4, n - 1);
  work.set(intervals);
  const med = kthSmallest(work, (n - 2) >> 1) ?? 0;
  let irregular = 0;
  for (let i = 0; i < intervals.length; i++) if ((intervals[i] ?? 0) > 1.6 * med) irregular++;
  let tempMin = Infinity;
  let sumI = 0;
  for (let i = i0; i < i1; i++) {
    tempMin = Math.min(tempMin, s.temp[i] ?? 0);
    sumI += Math.abs(s.cur[i] ?? 0);
  }
  return {
    n,
    irregular: irregular / intervals.length,
    tempLast: s.temp[i1 - 1] ?? 0,
    tempMin,
    meanAbsI: sumI / n,
    voltLast: s.volt[i1 - 1] ?? 0,
  };
}

/**
 * Features for every joint of one robot with samples in the window ending at `tEnd` (ms). A joint
 * with fewer than 3 samples in the window gets none (there is nothing to judge).
 */
export function extractRobotFeatures(
  joints: ReadonlyMap<string, JointSeries>,
  tEnd: number,
): Map<string, Float32Array> {
  const bases = new Map<string, JointBase>();
  for (const [name, s] of joints) {
    const b = baseOf(s, tEnd);
    if (b) bases.set(name, b);
  }
  const all = [...bases.values()];
  const maxN = Math.max(...all.map((b) => b.n));
  const robotIrregular = median(all.map((b) => b.irregular));
  const robotTemp = median(all.map((b) => b.tempLast));
  const robotTempMin = Math.min(...all.map((b) => b.tempMin));
  const robotI = median(all.map((b) => b.meanAbsI));
  const robotV = median(all.map((b) => b.voltLast));
  const out = new Map<string, Float32Array>();
  for (const [name, base] of bases) {
    const s = joints.get(name);
    if (!s) continue;
    out.set(
      name,
      jointFeatures(s, tEnd, base, {
        maxN,
        robotIrregular,
        robotTemp,
        robotTempMin,
        robotI,
        robotV,
      }),
    );
  }
  return out;
}

interface RobotContext {
  maxN: number;
  robotIrregular: number;
  robotTemp: number;
  robotTempMin: number;
  robotI: number;
  robotV: number;
}

function jointFeatures(
  s: JointSeries,
  tEnd: number,
  b: JointBase,
  ctx: RobotContext,
): Float32Array {
  const f = new Float32Array(FEATURE_COUNT);
  const g = resample(s, tEnd);
  let valid = 0;
  for (let k = 0; k < GRID_N; k++) valid += g.valid[k] ?? 0;
  const k2 = GRID_N - 20;
  const k5 = GRID_N - 50;
  const k10 = GRID_N - 100;

  let sumAbsI = 0;
  let sumI = 0;
  let sumI2 = 0;
  let maxAbsI = 0;
  let sumAbsI2s = 0;
  let n2s = 0;
  let maxAbsI2s = 0;
  let stall2 = 0;
  let stall10 = 0;
  let n10 = 0;
  let fric = 0;
  let nFric = 0;
  let moving = 0;
  let sumAbsV = 0;
  let sumT = 0;
  let vMax = -Infinity;
  let vMin = Infinity;
  let vLast = b.voltLast;
  let tLast = b.tempLast;
  for (let k = 0; k < GRID_N; k++) {
    if (!g.valid[k]) continue;
    const i = g.cur[k] ?? 0;
    const v = g.vel[k] ?? 0;
    const ai = Math.abs(i);
    const av = Math.abs(v);
    sumAbsI += ai;
    sumI += i;
    sumI2 += i * i;
    maxAbsI = Math.max(maxAbsI, ai);
    sumT += g.temp[k] ?? 0;
    const volt = g.volt[k] ?? 0;
    vMax = Math.max(vMax, volt);
    vMin = Math.min(vMin, volt);
    vLast = volt;
    tLast = g.temp[k] ?? tLast;
    const stalled = ai > 1.2 && av < 0.15 ? 1 : 0;
    if (k >= k2) {
      sumAbsI2s += ai;
      n2s++;
      maxAbsI2s = Math.max(maxAbsI2s, ai);
      stall2 += stalled;
    }
    if (k >= k10) {
      stall10 += stalled;
      n10++;
    }
    if (av > 0.2) {
      fric += i * Math.sign(v);
      nFric++;
      moving++;
    }
    sumAbsV += av;
  }
  const nv = Math.max(valid, 1);
  const meanAbsI = sumAbsI / nv;
  const meanI = sumI / nv;
  const stdI = Math.sqrt(Math.max(0, sumI2 / nv - meanI * meanI));

  // Transients on the grid (consecutive valid points only).
  let stepI5 = 0;
  let stepV5 = 0;
  let stepI30 = 0;
  const steps = scratch(1, GRID_N);
  let nSteps = 0;
  for (let k = 1; k < GRID_N; k++) {
    if (!g.valid[k] || !g.valid[k - 1]) continue;
    const di = Math.abs((g.cur[k] ?? 0) - (g.cur[k - 1] ?? 0));
    const dv = Math.abs((g.vel[k] ?? 0) - (g.vel[k - 1] ?? 0));
    steps[nSteps++] = di;
    stepI30 = Math.max(stepI30, di);
    if (k >= k5) {
      stepI5 = Math.max(stepI5, di);
      stepV5 = Math.max(stepV5, dv);
    }
  }
  let peak5 = 0;
  const older = scratch(2, GRID_N);
  let nOlder = 0;
  for (let k = 0; k < GRID_N; k++) {
    if (!g.valid[k]) continue;
    const ai = Math.abs(g.cur[k] ?? 0);
    if (k >= k5) peak5 = Math.max(peak5, ai);
    else older[nOlder++] = ai;
  }
  const p95older = kthSmallest(older.subarray(0, nOlder), Math.floor(nOlder * 0.95)) ?? 0;
  const p90step = kthSmallest(steps.subarray(0, nSteps), Math.floor(nSteps * 0.9)) ?? 0;

  // Position changes the velocity does not explain, on raw sample pairs (no interpolation).
  const i0 = s.lowerBound(tEnd - WINDOW_MS);
  const i1 = s.lowerBound(tEnd + 1);
  const residuals = scratch(3, Math.max(0, i1 - i0));
  let nResid = 0;
  let residMax = 0;
  let residBig = 0;
  let residMoving = 0;
  let nMoving = 0;
  let resid5 = 0;
  let accel5 = 0;
  const t5 = tEnd - 5000;
  for (let i = i0 + 1; i < i1; i++) {
    const dt = ((s.t[i] ?? 0) - (s.t[i - 1] ?? 0)) / 1000;
    if (dt <= 0 || dt > 0.25) continue;
    const recent = (s.t[i] ?? 0) >= t5;
    if (recent)
      accel5 = Math.max(
        accel5,
        Math.abs((s.vel[i] ?? 0) - (s.vel[i - 1] ?? 0)) / Math.max(dt, 0.02),
      );
    const expected = (((s.vel[i] ?? 0) + (s.vel[i - 1] ?? 0)) / 2) * dt;
    const r = Math.abs((s.pos[i] ?? 0) - (s.pos[i - 1] ?? 0) - expected);
    residuals[nResid++] = r;
    residMax = Math.max(residMax, r);
    if (recent) resid5 = Math.max(resid5, r);
    if (r > 0.05) residBig++;
    if (Math.abs(s.vel[i] ?? 0) > 0.05 || Math.abs(s.vel[i - 1] ?? 0) > 0.05) {
      residMoving += r;
      nMoving++;
    }
  }

  const tempSlope30 = slope(g, g.temp, 0);
  const meanT = sumT / nv;
  const heatFromCurrent = (sumI2 / nv) * MOTOR.resistanceOhm;
  const cooling = (meanT - Math.min(ctx.robotTempMin, b.tempMin)) / MOTOR.thermalResistanceCPerW;
  const unexplainedHeat = MOTOR.heatCapacityJPerC * tempSlope30 + cooling - heatFromCurrent;
  const hw = s.hw[i1 - 1] ?? 0;
  const spanS = ((s.t[i1 - 1] ?? 0) - (s.t[i0] ?? 0)) / 1000;

  let j = 0;
  const put = (x: number) => {
    f[j++] = Number.isFinite(x) ? x : 0;
  };
  put(valid / GRID_N);
  put(b.n / Math.max(ctx.maxN, 1));
  put(b.irregular);
  put(b.irregular - ctx.robotIrregular);
  put(b.tempLast - ctx.robotTemp);
  put(tempSlope30 * 60);
  put(slope(g, g.temp, k10) * 60);
  put(unexplainedHeat);
  put(tLast);
  put(meanAbsI);
  put(maxAbsI);
  put(n2s ? sumAbsI2s / n2s : meanAbsI);
  put(n2s ? maxAbsI2s : maxAbsI);
  put(n2s ? stall2 / n2s : 0);
  put(n10 ? stall10 / n10 : 0);
  put(nFric ? fric / nFric : 0);
  put(stdI);
  put(meanAbsI - ctx.robotI);
  put(stepI5);
  put(stepV5);
  put(stepI30);
  put(stepI5 / (p90step + 0.05));
  put(residMax);
  put(nResid ? residBig / nResid : 0);
  put(nMoving ? residMoving / nMoving : 0);
  put(kthSmallest(residuals.subarray(0, nResid), Math.floor(nResid * 0.9)) ?? 0);
  put(vLast);
  put(vLast - vMax);
  put(slope(g, g.volt, 0) * 60);
  put(b.voltLast - ctx.robotV);
  put(vMin === Infinity ? vLast : vMin);
  put(hw & HW_BIT.inputVoltage ? 1 : 0);
  put(hw & HW_BIT.overheating ? 1 : 0);
  put(hw & HW_BIT.motorEncoder ? 1 : 0);
  put(hw & HW_BIT.overload ? 1 : 0);
  put(hw & HW_BIT.electricalShock ? 1 : 0);
  put(moving / nv);
  put(sumAbsV / nv);
  put(Math.log10(Math.max(1, (b.n - 1) / Math.max(spanS, 0.1))));
  put(resid5);
  put(accel5);
  put(peak5 / (p95older + 0.1));
  return f;
}

/** Robust normalization written into the manifest: (x − center) / scale, then signed log1p. */
export interface Normalization {
  center: number[];
  scale: number[];
  transform: 'signed-log1p';
}

export function normalizeInto(
  raw: Float32Array,
  norm: Normalization,
  out: Float32Array,
  offset = 0,
): void {
  for (let i = 0; i < raw.length; i++) {
    const z = ((raw[i] ?? 0) - (norm.center[i] ?? 0)) / (norm.scale[i] ?? 1);
    out[offset + i] = Math.sign(z) * Math.log1p(Math.abs(z));
  }
}

/** Median and a spread floor per feature, from the training windows. */
export function fitNormalization(rows: Float32Array[]): Normalization {
  const center: number[] = [];
  const scale: number[] = [];
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const col = rows.map((r) => r[i] ?? 0).sort((a, b) => a - b);
    const q = (p: number) => col[Math.min(col.length - 1, Math.floor(p * col.length))] ?? 0;
    const mean = col.reduce((a, b) => a + b, 0) / Math.max(col.length, 1);
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(col.length, 1));
    center.push(round6(q(0.5)));
    scale.push(round6(Math.max((q(0.75) - q(0.25)) / 1.349, 0.25 * std, 1e-3)));
  }
  return { center, scale, transform: 'signed-log1p' };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
