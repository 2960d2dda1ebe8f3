/**
 * Features of the teaching head. A demonstration is resampled to a 20 ms grid (whatever its
 * rate, 30–100 Hz), lightly smoothed (tremor), and every grid point gets a row describing its
 * neighbourhood, past and future (teaching is offline, the whole demonstration is known):
 * gripper opening now and ±0.5/1/2 s, gripper velocity, joint-space speed at −1 … +1 s, the
 * tool height and its velocity (FK from the profile), whether the gripper was closed before /
 * will be closed later, and where in the demonstration the point lies.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { forwardKinematics } from './kinematics';

export const GRID_MS = 20;
export const TEACH_FEATURE_PIPELINE = 'genba-teaching-features/1';

const G_OFFSETS_S = [-2, -1, -0.5, 0.5, 1, 2];
const V_OFFSETS_S = [-1, -0.5, -0.2, 0, 0.2, 0.5, 1];

export const TEACH_FEATURE_NAMES: readonly string[] = [
  'gripper',
  ...G_OFFSETS_S.map((o) => `gripper_at_${o}s`),
  'gripper_velocity',
  ...V_OFFSETS_S.map((o) => `speed_at_${o}s`),
  'tool_z',
  'tool_z_velocity',
  'gripper_min_before',
  'gripper_min_after',
  'gripper_max_before',
  'gripper_max_after',
  'progress',
  'seconds_from_start',
  'seconds_to_end',
];
export const TEACH_FEATURE_COUNT = TEACH_FEATURE_NAMES.length;

export interface Grid {
  t: Float64Array;
  /** [n][joint] smoothed positions. */
  q: Float64Array[];
  g: Float64Array;
  /** Joint-space speed, rad/s (max over joints of |velocity| normalized by the joint's limit). */
  speed: Float64Array;
  /** Per joint velocity, rad/s. */
  v: Float64Array[];
}

/** Linear resampling to the grid, then a centred moving average (≈100 ms) against tremor. */
export function resample(demo: Demonstration, profile: ArmRobotProfile): Grid {
  const t0 = demo.t[0] ?? 0;
  const t1 = demo.t.at(-1) ?? t0;
  const n = Math.max(2, Math.floor((t1 - t0) / GRID_MS) + 1);
  const nj = demo.joints.length;
  const t = new Float64Array(n);
  const rawQ = Array.from({ length: nj }, () => new Float64Array(n));
  const rawG = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ti = t0 + i * GRID_MS;
    t[i] = ti;
    while (k + 1 < demo.t.length - 1 && (demo.t[k + 1] ?? 0) < ti) k++;
    const ta = demo.t[k] ?? t0;
    const tb = demo.t[k + 1] ?? ta;
    const w = tb > ta ? Math.min(1, Math.max(0, (ti - ta) / (tb - ta))) : 0;
    for (let j = 0; j < nj; j++) {
      const a = demo.q[k]?.[j] ?? 0;
      const b = demo.q[k + 1]?.[j] ?? a;
      (rawQ[j] as Float64Array)[i] = a + (b - a) * w;
    }
    const ga = demo.gripper[k] ?? 0;
    const gb = demo.gripper[k + 1] ?? ga;
    rawG[i] = ga + (gb - ga) * w;
  }
  const q = rawQ.map((col) => smooth(col, 2));
  const g = smooth(rawG, 2);
  const limits = demo.joints.map(
    (name) => profile.joints.find((j) => j.name === name)?.maxVelocityRadS ?? 2,
  );
  const v = q.map((col) => derivative(smooth(col, 3)));
  const speed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < nj; j++)
      s = Math.max(s, Math.abs((v[j] as Float64Array)[i] ?? 0) / (limits[j] ?? 2));
    speed[i] = s;
  }
  const qRows: Float64Array[] = [];
  for (let i = 0; i < n; i++) qRows.push(Float64Array.from(q, (col) => col[i] ?? 0));
  return { t, q: qRows, g, speed, v };
}

export function smooth(x: Float64Array, half: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let c = 0;
    for (let k = Math.max(0, i - half); k <= Math.min(n - 1, i + half); k++) {
      s += x[k] ?? 0;
      c++;
    }
    out[i] = s / c;
  }
  return out;
}

function derivative(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[Math.max(0, i - 1)] ?? 0;
    const b = x[Math.min(n - 1, i + 1)] ?? 0;
    const span = (Math.min(n - 1, i + 1) - Math.max(0, i - 1)) * (GRID_MS / 1000);
    out[i] = span > 0 ? (b - a) / span : 0;
  }
  return out;
}

/** Feature rows [n × TEACH_FEATURE_COUNT] for every grid point. */
export function teachFeatures(
  grid: Grid,
  profile: ArmRobotProfile,
  joints: string[],
): Float32Array {
  const n = grid.t.length;
  const out = new Float32Array(n * TEACH_FEATURE_COUNT);
  const at = (arr: Float64Array, i: number, offsetS: number) =>
    arr[Math.min(n - 1, Math.max(0, i + Math.round((offsetS * 1000) / GRID_MS)))] ?? 0;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = grid.q[i] ?? new Float64Array(0);
    z[i] = forwardKinematics(
      profile,
      Object.fromEntries(joints.map((name, j) => [name, q[j] ?? 0])),
    ).z;
  }
  const zs = smooth(z, 3);
  const gv = new Float64Array(n);
  for (let i = 0; i < n; i++) gv[i] = ((at(grid.g, i, 0.1) - at(grid.g, i, -0.1)) / 0.2) * 0.25;
  const minBefore = new Float64Array(n);
  const maxBefore = new Float64Array(n);
  const minAfter = new Float64Array(n);
  const maxAfter = new Float64Array(n);
  // Exclude the last/next 1.5 s so "before/after" means another phase, not this one.
  const gap = Math.round(1500 / GRID_MS);
  let mn = 1;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    const k = i - gap;
    if (k >= 0) {
      mn = Math.min(mn, grid.g[k] ?? 1);
      mx = Math.max(mx, grid.g[k] ?? 0);
    }
    minBefore[i] = k >= 0 ? mn : (grid.g[0] ?? 1);
    maxBefore[i] = k >= 0 ? mx : (grid.g[0] ?? 1);
  }
  mn = 1;
  mx = 0;
  for (let i = n - 1; i >= 0; i--) {
    const k = i + gap;
    if (k < n) {
      mn = Math.min(mn, grid.g[k] ?? 1);
      mx = Math.max(mx, grid.g[k] ?? 0);
    }
    minAfter[i] = k < n ? mn : (grid.g[n - 1] ?? 1);
    maxAfter[i] = k < n ? mx : (grid.g[n - 1] ?? 1);
  }
  const duration = ((grid.t[n - 1] ?? 0) - (grid.t[0] ?? 0)) / 1000;
  for (let i = 0; i < n; i++) {
    const row = [
      grid.g[i] ?? 0,
      ...G_OFFSETS_S.map((o) => at(grid.g, i, o)),
      gv[i] ?? 0,
      ...V_OFFSETS_S.map((o) => at(grid.speed, i, o) * 4),
      (zs[i] ?? 0) * 10,
      ((at(zs, i, 0.2) - at(zs, i, -0.2)) / 0.4) * 10,
      minBefore[i] ?? 0,
      minAfter[i] ?? 0,
      maxBefore[i] ?? 0,
      maxAfter[i] ?? 0,
      duration > 0 ? i / (n - 1) : 0,
      Math.min(10, (i * GRID_MS) / 1000),
      Math.min(10, duration - (i * GRID_MS) / 1000),
    ];
    out.set(row, i * TEACH_FEATURE_COUNT);
  }
  return out;
}

/** Per-feature centre and scale (median, IQR-based) over training rows. */
export function fitTeachNormalization(
  x: Float32Array,
  n: number,
): { center: number[]; scale: number[]; transform: 'signed-log1p' } {
  const f = TEACH_FEATURE_COUNT;
  const center: number[] = [];
  const scale: number[] = [];
  const stride = Math.max(1, Math.floor(n / 20000));
  for (let j = 0; j < f; j++) {
    const col: number[] = [];
    for (let i = 0; i < n; i += stride) col.push(x[i * f + j] ?? 0);
    col.sort((a, b) => a - b);
    const q = (p: number) => col[Math.min(col.length - 1, Math.floor(p * col.length))] ?? 0;
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    center.push(Math.round(q(0.5) * 1e6) / 1e6);
    scale.push(Math.round(Math.max((q(0.75) - q(0.25)) / 1.349, 0.25 * std, 1e-3) * 1e6) / 1e6);
  }
  return { center, scale, transform: 'signed-log1p' };
}
