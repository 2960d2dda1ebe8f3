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

const lerobotJoints = (minId: number): JointBuild[] => [
  { name: 'shoulder_pan', id: minId, kind: 'yaw', minRad: -1.9, maxRad: 1.9, homeRad: 0 },
  { name: 'shoulder_lift', id: minId + 1, kind: 'pitch', minRad: -1.7, maxRad: 1.7, homeRad: -0.6 },
  { name: 'elbow_flex', id: minId + 2, kind: 'pitch', minRad: -1.6, maxRad: 1.6, homeRad: 1.3 },
  { name: 'wrist_flex', id: minId + 3, kind: 'pitch', minRad: -1.7, maxRad: 1.7, homeRad: 0.6 },
  { name: 'wrist_roll', id: minId + 4, kind: 'roll', minRad: -2.8, maxRad: 2.8, homeRad: 0 },
  { name: 'gripper', id: minId + 5, kind: 'gripper', minRad: -0.2, maxRad: 1.6, homeRad: 0.1 },
];

export const ROBOT_BUILDS: readonly RobotBuild[] = [
  {
    id: 'omx-xm430',
    family: 'XM430-W350@12V',
    joints: [
      { name: 'joint1', id: 11, kind: 'yaw', minRad: -2.8, maxRad: 2.8, homeRad: 0 },
      { name: 'joint2', id: 12, kind: 'pitch', minRad: -1.8, maxRad: 1.5, homeRad: -0.7 },
      { name: 'joint3', id: 13, kind: 'pitch', minRad: -1.5, maxRad: 1.4, homeRad: 1.2 },
      { name: 'joint4', id: 14, kind: 'pitch', minRad: -1.7, maxRad: 2.0, homeRad: 0.7 },
      { name: 'gripper', id: 15, kind: 'gripper', minRad: -0.2, maxRad: 1.2, homeRad: 0.1 },
    ],
    links: [
      { lengthM: 0.13, massKg: 0.15, comFraction: 0.55 },
      { lengthM: 0.124, massKg: 0.13, comFraction: 0.5 },
      { lengthM: 0.126, massKg: 0.2, comFraction: 0.45 },
    ],
    baseInertiaKgM2: 0.002,
    rollInertiaKgM2: 0,
    gripperInertiaKgM2: 0.0004,
    payloadKg: [0.02, 0.15],
    gripCurrentFraction: 0.3,
  },
  {
    id: 'arm-xl430',
    family: 'XL430-W250@11.1V',
    joints: lerobotJoints(1),
    links: [
      { lengthM: 0.11, massKg: 0.1, comFraction: 0.55 },
      { lengthM: 0.11, massKg: 0.09, comFraction: 0.5 },
      { lengthM: 0.09, massKg: 0.12, comFraction: 0.45 },
    ],
    baseInertiaKgM2: 0.001,
    rollInertiaKgM2: 0.00012,
    gripperInertiaKgM2: 0.0002,
    payloadKg: [0.02, 0.1],
    gripCurrentFraction: 0.3,
  },
  {
    id: 'arm-xl330',
    family: 'XL330-M288@5V',
    joints: lerobotJoints(1),
    links: [
      { lengthM: 0.1, massKg: 0.045, comFraction: 0.55 },
      { lengthM: 0.1, massKg: 0.04, comFraction: 0.5 },
      { lengthM: 0.07, massKg: 0.05, comFraction: 0.45 },
    ],
    baseInertiaKgM2: 0.0003,
    rollInertiaKgM2: 0.00003,
    gripperInertiaKgM2: 0.00005,
    payloadKg: [0.005, 0.03],
    gripCurrentFraction: 0.35,
  },
  {
    id: 'so101-sts3215',
    family: 'STS3215@7.4V',
    joints: lerobotJoints(1),
    links: [
      { lengthM: 0.116, massKg: 0.14, comFraction: 0.5 },
      { lengthM: 0.135, massKg: 0.13, comFraction: 0.5 },
      { lengthM: 0.1, massKg: 0.17, comFraction: 0.4 },
    ],
    baseInertiaKgM2: 0.0015,
    rollInertiaKgM2: 0.00015,
    gripperInertiaKgM2: 0.0003,
    payloadKg: [0.02, 0.12],
    gripCurrentFraction: 0.3,
  },
  {
    id: 'so101-sts3215-12v',
    family: 'STS3215@12V',
    joints: lerobotJoints(1),
    links: [
      { lengthM: 0.116, massKg: 0.14, comFraction: 0.5 },
      { lengthM: 0.135, massKg: 0.13, comFraction: 0.5 },
      { lengthM: 0.1, massKg: 0.17, comFraction: 0.4 },
    ],
    baseInertiaKgM2: 0.0015,
    rollInertiaKgM2: 0.00015,
    gripperInertiaKgM2: 0.0003,
    payloadKg: [0.05, 0.25],
    gripCurrentFraction: 0.3,
  },
  {
    id: 'arm-ax12a',
    family: 'AX-12A@11.1V',
    joints: lerobotJoints(1).map((j) => ({
      ...j,
      // 300° of travel around the centre.
      minRad: Math.max(j.minRad, -2.5),
      maxRad: Math.min(j.maxRad, 2.5),
    })),
    links: [
      { lengthM: 0.105, massKg: 0.095, comFraction: 0.55 },
      { lengthM: 0.105, massKg: 0.09, comFraction: 0.5 },
      { lengthM: 0.09, massKg: 0.11, comFraction: 0.45 },
    ],
    baseInertiaKgM2: 0.001,
    rollInertiaKgM2: 0.0001,
    gripperInertiaKgM2: 0.0002,
    payloadKg: [0.02, 0.1],
    gripCurrentFraction: 0.3,
  },
];

export function robotBuild(id: string): RobotBuild {
  const build = ROBOT_BUILDS.find((b) => b.id === id);
  if (!build)
    throw new Error(
      `Unknown arm "${id}" in the second simulator; known: ${ROBOT_BUILDS.map((b) => b.id).join(', ')}.`,
    );
  return build;
}
