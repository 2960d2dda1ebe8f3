/**
 * Motion planning for program steps: synchronized trapezoidal joint moves (every joint starts
 * and arrives together; the slowest joint, at its share of the velocity and acceleration limits,
 * sets the pace) and linear tool moves (the tool's pose interpolated on a straight line, joints
 * from the inverse kinematics at each point). The playback engine samples a plan every 20 ms.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import {
  armJoints,
  forwardKinematics,
  inverseKinematics,
  type JointMap,
  type Pose,
} from './kinematics';
import type { MoveStep } from './program';

/** Tool speed and acceleration at speed = acceleration = 1 for linear moves. */
export const TOOL_MAX_SPEED_M_S = 0.25;
export const TOOL_MAX_ACCEL_M_S2 = 0.8;

export interface MotionPlan {
  durationS: number;
  at(tS: number): JointMap;
  /** Peak joint velocities (rad/s) and accelerations the plan asks for, per joint. */
  peakVelocity: JointMap;
  peakAcceleration: JointMap;
}

/** Normalized trapezoid: distance 1, peak velocity v, acceleration a (in units of 1/s, 1/s²). */
function trapezoid(v: number, a: number): { T: number; s: (t: number) => number; vPeak: number } {
  const tAcc = v / a;
  if (v * tAcc >= 1) {
    // Triangle: never reaches v.
    const ta = Math.sqrt(1 / a);
    return {
      T: 2 * ta,
      vPeak: a * ta,
      s: (t) => (t <= ta ? 0.5 * a * t * t : 1 - 0.5 * a * Math.max(0, 2 * ta - t) ** 2),
    };
  }
  const T = 1 / v + tAcc;
  return {
    T,
    vPeak: v,
    s: (t) => {
      if (t <= 0) return 0;
      if (t >= T) return 1;
      if (t < tAcc) return 0.5 * a * t * t;
      if (t > T - tAcc) return 1 - 0.5 * a * (T - t) ** 2;
      return 0.5 * a * tAcc * tAcc + v * (t - tAcc);
    },
  };
}

export function planJointMove(
  profile: ArmRobotProfile,
  from: JointMap,
  step: Pick<MoveStep, 'joints' | 'speed' | 'acceleration'>,
  speedScale = 1,
): MotionPlan {
  const names = Object.keys(step.joints);
  let vs = Infinity;
  let as = Infinity;
  for (const name of names) {
    const joint = profile.joints.find((j) => j.name === name);
    const d = Math.abs((step.joints[name] ?? 0) - (from[name] ?? step.joints[name] ?? 0));
    if (!joint || d < 1e-9) continue;
    vs = Math.min(vs, (step.speed * speedScale * joint.maxVelocityRadS) / d);
    as = Math.min(as, (step.acceleration * speedScale * joint.maxAccelerationRadS2) / d);
  }
  const target = { ...step.joints };
  if (!Number.isFinite(vs)) {
    return { durationS: 0, at: () => target, peakVelocity: {}, peakAcceleration: {} };
  }
  const tr = trapezoid(vs, as);
  const start = Object.fromEntries(names.map((n) => [n, from[n] ?? step.joints[n] ?? 0]));
  const peakVelocity: JointMap = {};
  const peakAcceleration: JointMap = {};
  for (const n of names) {
    const d = Math.abs((step.joints[n] ?? 0) - (start[n] ?? 0));
    peakVelocity[n] = d * tr.vPeak;
    peakAcceleration[n] = d * as;
  }
  return {
    durationS: tr.T,
    at: (t) => {
      const s = tr.s(t);
      return Object.fromEntries(
        names.map((n) => [n, (start[n] ?? 0) + ((step.joints[n] ?? 0) - (start[n] ?? 0)) * s]),
      );
    },
    peakVelocity,
    peakAcceleration,
  };
}

export interface LinearSample {
  tS: number;
  pose: Pose;
  joints: JointMap | null;
  problem?: string;
}

/** A linear tool move; `samples` (every 20 ms) carry the IK problems for validation. */
export function planLinearMove(
  profile: ArmRobotProfile,
  from: JointMap,
  step: Pick<MoveStep, 'joints' | 'speed' | 'acceleration'>,
  speedScale = 1,
): MotionPlan & { samples: LinearSample[] } {
  const { arm } = armJoints(profile);
  const p0 = forwardKinematics(profile, from);
  const p1 = forwardKinematics(profile, step.joints);
  const dist = Math.hypot(p1.x - p0.x, p1.y - p0.y, p1.z - p0.z);
  const v = Math.max(1e-6, step.speed * speedScale * TOOL_MAX_SPEED_M_S);
  const a = Math.max(1e-6, step.acceleration * speedScale * TOOL_MAX_ACCEL_M_S2);
  const norm = Math.max(dist, 1e-4);
  const tr = trapezoid(v / norm, a / norm);
  const lerp = (s: number): Pose => ({
    x: p0.x + (p1.x - p0.x) * s,
    y: p0.y + (p1.y - p0.y) * s,
    z: p0.z + (p1.z - p0.z) * s,
    pitch: p0.pitch + (p1.pitch - p0.pitch) * s,
  });
  const samples: LinearSample[] = [];
  let seed: JointMap = { ...from };
  const n = Math.max(2, Math.ceil(tr.T / 0.02));
  for (let i = 0; i <= n; i++) {
    const t = (tr.T * i) / n;
    const pose = lerp(tr.s(t));
    try {
      const q = i === n ? { ...step.joints } : inverseKinematics(profile, pose, seed);
      samples.push({ tS: t, pose, joints: q });
      seed = q;
    } catch (error) {
      samples.push({ tS: t, pose, joints: null, problem: (error as Error).message });
    }
  }
  const peakVelocity: JointMap = {};
  const peakAcceleration: JointMap = {};
  for (const j of arm) {
    let pv = 0;
    let pa = 0;
    let prevV = 0;
    for (let i = 1; i < samples.length; i++) {
      const qa = samples[i - 1]?.joints;
      const qb = samples[i]?.joints;
      const dt = (samples[i]?.tS ?? 0) - (samples[i - 1]?.tS ?? 0);
      if (!qa || !qb || dt <= 0) continue;
      const vel = ((qb[j.name] ?? 0) - (qa[j.name] ?? 0)) / dt;
      pv = Math.max(pv, Math.abs(vel));
      if (i > 1) pa = Math.max(pa, Math.abs(vel - prevV) / dt);
      prevV = vel;
    }
    peakVelocity[j.name] = pv;
    peakAcceleration[j.name] = pa;
  }
  return {
    durationS: tr.T,
    samples,
    peakVelocity,
    peakAcceleration,
    at: (t) => {
      const i = Math.min(
        samples.length - 1,
        Math.max(0, Math.round((t / Math.max(tr.T, 1e-9)) * n)),
      );
      for (let k = i; k >= 0; k--) {
        const q = samples[k]?.joints;
        if (q) return q;
      }
      return { ...from };
    },
  };
}

export function planMove(
  profile: ArmRobotProfile,
  from: JointMap,
  step: MoveStep,
  speedScale = 1,
): MotionPlan {
  return step.path === 'linear'
    ? planLinearMove(profile, from, step, speedScale)
    : planJointMove(profile, from, step, speedScale);
}
