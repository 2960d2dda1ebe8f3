/** Robots as the rest of Genba sees them: their state, their joints, their gripper, their bus. */
import type { Bilingual } from './language';

export const ROBOT_STATES = [
  'connecting',
  'ready',
  'torque-off',
  'running',
  'fault',
  'disconnected',
] as const;
export type RobotState = (typeof ROBOT_STATES)[number];

export const ROBOT_KINDS = ['arm', 'gripper'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

export interface RobotSummary {
  id: string;
  name: string;
  profile: string;
  state: RobotState;
  port: string;
  simulated: boolean;
  /** Plain-language health for care staff; null when everything is fine. */
  attention: Bilingual | null;
}

export interface JointStatus {
  name: string;
  label: Bilingual;
  servoId: number;
  minRad: number;
  maxRad: number;
  positionRad: number;
  velocityRadS: number;
  currentA: number;
  voltageV: number;
  temperatureC: number;
  torqueOn: boolean;
  /** Dynamixel Hardware Error Status (address 70) bit field; 0 when healthy. */
  hwError: number;
  hwErrorText: Bilingual[];
}

/** What the fingers found, in the order of the Robotiq gOBJ field's values (0 … 3). */
export const GRIPPER_OBJECT_DETECTIONS = ['moving', 'inner', 'outer', 'reached'] as const;
export type GripperObjectDetection = (typeof GRIPPER_OBJECT_DETECTIONS)[number];

export interface GripperStatus {
  activated: boolean;
  moving: boolean;
  objectDetected: GripperObjectDetection;
  openFraction: number;
  currentA: number;
  fault: { en: string; ja: string; code: number } | null;
}

export interface BusStats {
  path: string;
  baudRate: number;
  pollHz: number;
  tx: number;
  rx: number;
  timeouts: number;
  crcErrors: number;
  garbageBytes: number;
}

export interface RobotDetail {
  summary: RobotSummary;
  profileName: Bilingual;
  kind: RobotKind;
  joints: JointStatus[];
  gripper: GripperStatus | null;
  bus: BusStats;
}

export interface ControlTableEntry {
  address: number;
  name: string;
  key: string;
  size: number;
  access: 'R' | 'RW';
  area: 'EEPROM' | 'RAM';
  raw: number;
  value: number;
  unit: string | null;
  min: number | null;
  max: number | null;
}

/** One packet on a robot's bus, for the raw console. */
export interface ConsoleTraffic {
  robotId: string;
  direction: 'tx' | 'rx';
  hex: string;
  summary: string;
  at: number;
}

/** What the donation sweep needs of a robot profile: its kind and its joints' speed limits. */
export interface ProfileJointLimits {
  kind: RobotKind;
  joints: readonly { name: string; maxVelocityRadS: number }[];
}

/**
 * A robot the facility has registered, keyed by the identity of its adapter so a replug keeps
 * its name and id: what the database stores and the robot link reads back and saves.
 */
export interface RobotRegistration {
  id: string;
  name: string;
  profile: string;
  identity: string;
  settings: Record<string, unknown>;
  createdMs: number;
}
