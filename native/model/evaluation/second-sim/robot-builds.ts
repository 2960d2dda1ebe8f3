/**
 * The arms of the second simulator, as data: one servo family per arm, the joints in bus order,
 * and the masses and lengths of the pitch chain that set each joint's gravity load and inertia.
 * Geometry is in the spirit of the real arms (OpenManipulator-X, SO-101, Koch, PhantomX-style AX
 * arms) but not copied from any of them; masses include the servos carried by each link.
 */
import type { ServoFamilyId } from './servo-ratings';

export type JointKind = 'yaw' | 'pitch' | 'roll' | 'gripper';

export interface JointBuild {
  name: string;
  id: number;
  kind: JointKind;
  minRad: number;
  maxRad: number;
  /** Where the joint rests in the idle pose. */
  homeRad: number;
}

export interface LinkBuild {
  lengthM: number;
  massKg: number;
  /** Centre of mass along the link, as a fraction of its length. */
  comFraction: number;
}

export interface RobotBuild {
  id: string;
  family: ServoFamilyId;
  joints: readonly JointBuild[];
  /** One link per pitch joint, proximal first; the last carries the wrist and the gripper. */
  links: readonly LinkBuild[];
  /** Turntable and base inertia on the yaw joint (kg·m²). */
  baseInertiaKgM2: number;
  /** Wrist-roll and gripper-finger inertias (kg·m²). */
  rollInertiaKgM2: number;
  gripperInertiaKgM2: number;
  /** Payload range of the pick-and-place work (kg). */
  payloadKg: readonly [number, number];
  /** The gripper's current limit while grasping, as a fraction of stall current. */
  gripCurrentFraction: number;
}

/** Joints in bus order from `firstId`, each as [name, kind, minRad, maxRad, homeRad]. */
function jointsFrom(
  firstId: number,
  rows: readonly (readonly [string, JointKind, number, number, number])[],
): JointBuild[] {
  return rows.map(([name, kind, minRad, maxRad, homeRad], i) => {
    return { name, id: firstId + i, kind, minRad, maxRad, homeRad };
  });
}

const OMX_ARM = jointsFrom(11, [
  ['joint1', 'yaw', -2.8, 2.8, 0],
  ['joint2', 'pitch', -1.8, 1.5, -0.7],
  ['joint3', 'pitch', -1.5, 1.4, 1.2],
  ['joint4', 'pitch', -1.7, 2.0, 0.7],
  ['gripper', 'gripper', -0.2, 1.2, 0.1],
]);

/** The LeRobot-style six-joint arm (SO-101, Koch), also used for the other small families. */
const LEROBOT_ARM = jointsFrom(1, [
  ['shoulder_pan', 'yaw', -1.9, 1.9, 0],
  ['shoulder_lift', 'pitch', -1.7, 1.7, -0.6],
  ['elbow_flex', 'pitch', -1.6, 1.6, 1.3],
  ['wrist_flex', 'pitch', -1.7, 1.7, 0.6],
  ['wrist_roll', 'roll', -2.8, 2.8, 0],
  ['gripper', 'gripper', -0.2, 1.6, 0.1],
]);

/** The same arm on AX-12A servos: 300° of travel around the centre. */
const AX_ARM = LEROBOT_ARM.map((j) => ({
  ...j,
  minRad: Math.max(j.minRad, -2.5),
  maxRad: Math.min(j.maxRad, 2.5),
}));

const link = (lengthM: number, massKg: number, comFraction: number): LinkBuild => ({
  lengthM,
  massKg,
  comFraction,
});

/** Each arm's pitch chain, proximal first: length (m), mass (kg), centre of mass (fraction). */
const LINKS = {
  'omx-xm430': [link(0.13, 0.15, 0.55), link(0.124, 0.13, 0.5), link(0.126, 0.2, 0.45)],
  'arm-xl430': [link(0.11, 0.1, 0.55), link(0.11, 0.09, 0.5), link(0.09, 0.12, 0.45)],
  'arm-xl330': [link(0.1, 0.045, 0.55), link(0.1, 0.04, 0.5), link(0.07, 0.05, 0.45)],
  'so101-sts3215': [link(0.116, 0.14, 0.5), link(0.135, 0.13, 0.5), link(0.1, 0.17, 0.4)],
  'so101-sts3215-12v': [link(0.116, 0.14, 0.5), link(0.135, 0.13, 0.5), link(0.1, 0.17, 0.4)],
  'arm-ax12a': [link(0.105, 0.095, 0.55), link(0.105, 0.09, 0.5), link(0.09, 0.11, 0.45)],
} satisfies Record<string, readonly LinkBuild[]>;

/**
 * An arm as [id, family, joints, [base, wrist-roll, gripper] inertia (kg·m²), payload range (kg),
 * grip current fraction]; its links are in LINKS under the same id.
 */
type ArmRow = readonly [
  keyof typeof LINKS,
  ServoFamilyId,
  readonly JointBuild[],
  readonly [number, number, number],
  readonly [number, number],
  number,
];

const ARMS: readonly ArmRow[] = [
  ['omx-xm430', 'XM430-W350@12V', OMX_ARM, [0.002, 0, 0.0004], [0.02, 0.15], 0.3],
  ['arm-xl430', 'XL430-W250@11.1V', LEROBOT_ARM, [0.001, 0.00012, 0.0002], [0.02, 0.1], 0.3],
  ['arm-xl330', 'XL330-M288@5V', LEROBOT_ARM, [0.0003, 0.00003, 0.00005], [0.005, 0.03], 0.35],
  ['so101-sts3215', 'STS3215@7.4V', LEROBOT_ARM, [0.0015, 0.00015, 0.0003], [0.02, 0.12], 0.3],
  ['so101-sts3215-12v', 'STS3215@12V', LEROBOT_ARM, [0.0015, 0.00015, 0.0003], [0.05, 0.25], 0.3],
  ['arm-ax12a', 'AX-12A@11.1V', AX_ARM, [0.001, 0.0001, 0.0002], [0.02, 0.1], 0.3],
];

/** One arm's build; no two arms share an object, as when each was written out in full. */
function buildOf(row: ArmRow): RobotBuild {
  const [id, family, joints, inertiaKgM2, payloadKg, gripCurrentFraction] = row;
  return {
    id,
    family,
    joints: joints.map((j) => ({ ...j })),
    links: LINKS[id].map((l) => ({ ...l })),
    baseInertiaKgM2: inertiaKgM2[0],
    rollInertiaKgM2: inertiaKgM2[1],
    gripperInertiaKgM2: inertiaKgM2[2],
    payloadKg: [payloadKg[0], payloadKg[1]],
    gripCurrentFraction,
  };
}

export const ROBOT_BUILDS: readonly RobotBuild[] = ARMS.map(buildOf);

export function robotBuild(id: string): RobotBuild {
  const build = ROBOT_BUILDS.find((b) => b.id === id);
  if (!build)
    throw new Error(
      `Unknown arm "${id}" in the second simulator; known: ${ROBOT_BUILDS.map((b) => b.id).join(', ')}.`,
    );
  return build;
}
