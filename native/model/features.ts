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
 * live service. The series is joint-series.ts, the grid window-grid.ts, the order statistics
 * window-stats.ts, the manifest's normalization normalization.ts.
 */
import { MOTOR } from '../servos/physics/servo-physics';
import { FEATURE_COUNT } from './feature-names';
import type { JointSeries } from './joint-series';
import { HW_BIT } from './telemetry';
import { GRID_N, resample, slope, WINDOW_MS } from './window-grid';
import { kthSmallest, median, scratch } from './window-stats';

export { FEATURE_COUNT, FEATURE_NAMES } from './feature-names';
export { JointSeries } from './joint-series';
export { fitNormalization, normalizeInto, type Normalization } from './normalization';
export { GRID_MS, GRID_N, WINDOW_MS } from './window-grid';

/** Per-joint values computed first, so each joint can be compared with the rest of its robot. */
interface JointBase {
  n: number;
  irregular: number;
  tempLast: number;
  tempMin: number;
  meanAbsI: number;
  voltLast: number;
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
