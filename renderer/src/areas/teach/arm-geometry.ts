/**
 * The arm drawn from its profile's kinematics (the same convention as native/teach/kinematics.ts:
 * base yaw, then a planar chain; link 1 up at zero, later links forward, pitch joints tip down).
 * Renderer-side so the preview animates without a round trip per frame.
 */
import type { TeachArmProfile, TeachProgram } from '../../api/contract';

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export type Joints = Record<string, number>;

export function armJointNames(profile: TeachArmProfile): string[] {
  return profile.joints.filter((j) => !j.gripper).map((j) => j.name);
}

export function chain(profile: TeachArmProfile, q: Joints): Point3[] {
  const names = armJointNames(profile);
  const yaw = q[names[0] ?? ''] ?? 0;
  const points: Point3[] = [
    { x: 0, y: 0, z: 0 },
    { x: 0, y: 0, z: profile.kinematics.baseHeightM },
  ];
  let r = 0;
  let z = profile.kinematics.baseHeightM;
  let sum = 0;
  profile.kinematics.links.forEach((link, i) => {
    sum += q[names[i + 1] ?? ''] ?? 0;
    const a = sum + link.offsetRad;
    if (i === 0) {
      r += link.lengthM * Math.sin(a);
      z += link.lengthM * Math.cos(a);
    } else {
      r += link.lengthM * Math.cos(a);
      z -= link.lengthM * Math.sin(a);
    }
    points.push({ x: r * Math.cos(yaw), y: r * Math.sin(yaw), z });
  });
  return points;
}

export interface Frame {
  joints: Joints;
  gripper: number;
  stepIndex: number;
}

/** Key frames of a program: the pose after each step, and how long the step takes (s). */
export function programTimeline(
  profile: TeachArmProfile,
  program: TeachProgram,
  start: Joints,
): { frames: Frame[]; durations: number[] } {
  const frames: Frame[] = [];
  const durations: number[] = [];
  let pose = { ...start };
  let gripper = 1;
  program.steps.forEach((step, i) => {
    let duration = 0.4;
    if (step.kind === 'move') {
      let t = 0.3;
      for (const [name, v] of Object.entries(step.joints)) {
        const joint = profile.joints.find((j) => j.name === name);
        if (!joint) continue;
        t = Math.max(
          t,
          (Math.abs(v - (pose[name] ?? v)) / (joint.maxVelocityRadS * step.speed)) * 1.3,
        );
      }
      duration = t;
      pose = { ...pose, ...step.joints };
    } else if (step.kind === 'gripper') {
      gripper = step.open;
      duration = 0.6;
    } else {
      duration = Math.min(3, step.ms / 1000);
    }
    frames.push({ joints: { ...pose }, gripper, stepIndex: i });
    durations.push(duration);
  });
  return { frames, durations };
}

export function lerpJoints(a: Joints, b: Joints, u: number): Joints {
  const s = u * u * (3 - 2 * u);
  const out: Joints = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (a[k] ?? v) + (v - (a[k] ?? v)) * s;
  return out;
}
