/**
 * Forward and inverse kinematics of an arm profile (OpenManipulator-X layout): a base yaw, then a
 * planar chain in the arm's vertical plane (profile `kinematics`: base height + links).
 *
 * Angle convention (the OpenManipulator-X's, and the profile's data): with every joint at 0 the
 * first link points up, tilted forward by its `offsetRad` (the 24 mm offset of joint 2's link);
 * every later link points forward, horizontal, tilted down by its own `offsetRad`. A positive
 * pitch joint tips the arm forward/down. The tool pitch (angle below horizontal of the last
 * link) is the sum of the pitch joints. Positions are in metres in the robot's base frame
 * (x forward, y left, z up from the table).
 */
import type { ArmRobotProfile, ProfileJoint } from '../robots/robot-profile';

export interface Pose {
  x: number;
  y: number;
  z: number;
  /** Tool pitch below horizontal, rad. */
  pitch: number;
}

export interface ChainPoint {
  x: number;
  y: number;
  z: number;
}

export type JointMap = Record<string, number>;

export class KinematicsError extends Error {
  constructor(
    readonly code: 'unreachable' | 'outside-limits' | 'not-supported',
    message: string,
  ) {
    super(message);
    this.name = 'KinematicsError';
  }
}

/** The arm's yaw joint, pitch joints (in chain order) and the gripper, from the profile. */
export function armJoints(profile: ArmRobotProfile): {
  yaw: ProfileJoint;
  pitch: ProfileJoint[];
  gripper: ProfileJoint | undefined;
  arm: ProfileJoint[];
} {
  const arm = profile.joints.filter((j) => !j.gripper);
  const [yaw, ...pitch] = arm;
  if (!yaw || pitch.length !== profile.kinematics.links.length) {
    throw new KinematicsError(
      'not-supported',
      `${profile.id}: the kinematics need one yaw joint and one pitch joint per link (${profile.kinematics.links.length}).`,
    );
  }
  return { yaw, pitch, gripper: profile.joints.find((j) => j.gripper), arm };
}

/** Every point of the chain (base, shoulder, each link end); the last one is the tool. */
export function chainPoints(profile: ArmRobotProfile, q: JointMap): ChainPoint[] {
  const { yaw, pitch } = armJoints(profile);
  const { baseHeightM, links } = profile.kinematics;
  const yawRad = q[yaw.name] ?? 0;
  const c = Math.cos(yawRad);
  const s = Math.sin(yawRad);
  const points: ChainPoint[] = [
    { x: 0, y: 0, z: 0 },
    { x: 0, y: 0, z: baseHeightM },
  ];
  let r = 0;
  let z = baseHeightM;
  let sum = 0;
  links.forEach((link, i) => {
    sum += q[pitch[i]?.name ?? ''] ?? 0;
    if (i === 0) {
      const phi = sum + link.offsetRad; // from vertical, forward positive
      r += link.lengthM * Math.sin(phi);
      z += link.lengthM * Math.cos(phi);
    } else {
      const psi = sum + link.offsetRad; // below horizontal
      r += link.lengthM * Math.cos(psi);
      z -= link.lengthM * Math.sin(psi);
    }
    points.push({ x: r * c, y: r * s, z });
  });
  return points;
}

export function forwardKinematics(profile: ArmRobotProfile, q: JointMap): Pose {
  const { pitch } = armJoints(profile);
  const tip = chainPoints(profile, q).at(-1) ?? { x: 0, y: 0, z: 0 };
  const lastOffset = profile.kinematics.links.at(-1)?.offsetRad ?? 0;
  const pitchSum = pitch.reduce((s, j) => s + (q[j.name] ?? 0), 0) + lastOffset;
  return { ...tip, pitch: pitchSum };
}

/** Joints outside their limits (with a margin), as readable problems. */
export function limitViolations(
  profile: ArmRobotProfile,
  q: JointMap,
  marginRad = 1e-6,
): { joint: ProfileJoint; valueRad: number }[] {
  const out: { joint: ProfileJoint; valueRad: number }[] = [];
  for (const joint of profile.joints) {
    const v = q[joint.name];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < joint.minRad - marginRad || v > joint.maxRad + marginRad) {
      out.push({ joint, valueRad: v });
    }
  }
  return out;
}

/**
 * Inverse kinematics for a tool pose. Tries elbow-up then elbow-down and returns the solution
 * closest to `seed` that is inside every joint limit; throws KinematicsError ('unreachable' or
 * 'outside-limits') with the reason otherwise.
 */
export function inverseKinematics(
  profile: ArmRobotProfile,
  pose: Pose,
  seed: JointMap = {},
): JointMap {
  const { yaw, pitch } = armJoints(profile);
  const { baseHeightM, links } = profile.kinematics;
  if (links.length !== 3) {
    throw new KinematicsError(
      'not-supported',
      `IK supports three planar links (${profile.id} has ${links.length}).`,
    );
  }
  const [l1, l2, l3] = links as [(typeof links)[0], (typeof links)[0], (typeof links)[0]];
  const rXY = Math.hypot(pose.x, pose.y);
  const candidates: JointMap[] = [];
  const yawOptions: { yaw: number; r: number }[] = [{ yaw: Math.atan2(pose.y, pose.x), r: rXY }];
  if (rXY < 1e-9) yawOptions[0] = { yaw: seed[yaw.name] ?? 0, r: 0 };
  for (const option of yawOptions) {
    // Wrist point in the arm's plane.
    const rw = option.r - l3.lengthM * Math.cos(pose.pitch - 0);
    const zw = pose.z - baseHeightM + l3.lengthM * Math.sin(pose.pitch);
    const d2 = rw * rw + zw * zw;
    const cosBend = (d2 - l1.lengthM ** 2 - l2.lengthM ** 2) / (2 * l1.lengthM * l2.lengthM);
    if (cosBend > 1 + 1e-9 || cosBend < -1 - 1e-9) continue;
    const bendAbs = Math.acos(Math.max(-1, Math.min(1, cosBend)));
    for (const bend of [-bendAbs, bendAbs]) {
      // alpha1: link 1 from horizontal; alpha2 = alpha1 + bend: link 2 from horizontal.
      const alpha1 =
        Math.atan2(zw, rw) -
        Math.atan2(l2.lengthM * Math.sin(bend), l1.lengthM + l2.lengthM * Math.cos(bend));
      const alpha2 = alpha1 + bend;
      const phi1 = Math.PI / 2 - alpha1;
      const q2 = phi1 - l1.offsetRad;
      const psi2 = -alpha2;
      const q3 = psi2 - q2 - l2.offsetRad;
      const q4 = pose.pitch - l3.offsetRad - q2 - q3;
      const solution: JointMap = {
        [yaw.name]: option.yaw,
        [pitch[0]?.name ?? 'joint2']: wrap(q2),
        [pitch[1]?.name ?? 'joint3']: wrap(q3),
        [pitch[2]?.name ?? 'joint4']: wrap(q4),
      };
      candidates.push(solution);
    }
  }
  if (candidates.length === 0) {
    const reach = l1.lengthM + l2.lengthM + l3.lengthM;
    throw new KinematicsError(
      'unreachable',
      `The point (${fmt(pose.x)}, ${fmt(pose.y)}, ${fmt(pose.z)}) m with the tool ${deg(pose.pitch)}° below horizontal is out of the arm's reach (about ${reach.toFixed(2)} m from the shoulder).`,
    );
  }
  const inside = candidates.filter((q) => limitViolations(profile, q).length === 0);
  if (inside.length === 0) {
    const v = limitViolations(profile, candidates[0] ?? {})[0];
    throw new KinematicsError(
      'outside-limits',
      v
        ? `Reaching that point needs ${v.joint.label.en} (${v.joint.name}) at ${deg(v.valueRad)}°, outside its limits ${deg(v.joint.minRad)}° … ${deg(v.joint.maxRad)}°.`
        : 'Reaching that point needs a joint outside its limits.',
    );
  }
  const distance = (q: JointMap) =>
    Object.entries(q).reduce((s, [name, v]) => s + (v - (seed[name] ?? v)) ** 2, 0);
  inside.sort((a, b) => distance(a) - distance(b));
  return inside[0] ?? {};
}

/** Whether a pose can be reached inside the limits, with the reason when not. */
export function reachability(
  profile: ArmRobotProfile,
  pose: Pose,
  seed: JointMap = {},
): { ok: true; joints: JointMap } | { ok: false; code: KinematicsError['code']; message: string } {
  try {
    return { ok: true, joints: inverseKinematics(profile, pose, seed) };
  } catch (error) {
    if (error instanceof KinematicsError)
      return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

function wrap(a: number): number {
  let x = a;
  while (x > Math.PI) x -= 2 * Math.PI;
  while (x < -Math.PI) x += 2 * Math.PI;
  return x;
}

const fmt = (m: number) => m.toFixed(3);
const deg = (rad: number) => ((rad * 180) / Math.PI).toFixed(1);
