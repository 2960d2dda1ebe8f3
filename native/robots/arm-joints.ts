/**
 * An arm's joints as the session last read them (diagnostics block, torque, hardware error),
 * and the conversions between a profile's joint angles and the servos' raw positions.
 */
import type {
  Bilingual,
  EventMessageCode,
  JointStatus,
  MessageParam,
  RobotState,
  Severity,
  TelemetrySample,
} from '../domain';
import type { ReadResult } from '../servos/dynamixel2/bus';
import { XM430_W350, type ControlTable } from '../servos/dynamixel2/control-table';
import {
  DIAGNOSTICS_LENGTH,
  decodeDiagnostics,
  type ServoDiagnostics,
} from '../servos/dynamixel2/diagnostics';
import { decodeHardwareError } from '../servos/dynamixel2/errors';
import type { ProfileJoint } from './robot-profile';
import { RobotCommandError } from './robot-session';
import { FAULT_ATTENTION, linkAttention } from './link-attention';

/** Torque Enable (64) … Hardware Error Status (70): one 7-byte read gives both. */
export const STATUS_ADDRESS = 64;
export const STATUS_LENGTH = 7;
const HW_ERROR_OFFSET = 6;
export const GOAL_POSITION = XM430_W350.item('goalPosition');
/** The joint angle 0 of a profile is the servo's centre position (2048 of 4096). */
const CENTRE_RAW = 2048;
const PULSE_RAD = GOAL_POSITION.si?.scale ?? (2 * Math.PI) / 4096;
const MOVING_RAD_S = 0.05;

export interface JointLive {
  profile: ProfileJoint;
  diag: ServoDiagnostics | null;
  torqueOn: boolean;
  hwError: number;
}

export function liveJoints(joints: readonly ProfileJoint[]): JointLive[] {
  return joints.map((profile) => ({ profile, diag: null, torqueOn: false, hwError: 0 }));
}

export function findJoint(joints: readonly JointLive[], name: string, robot: string): JointLive {
  const joint = joints.find((j) => j.profile.name === name);
  if (!joint) {
    throw new RobotCommandError(
      'unknown-joint',
      `${robot} has no joint "${name}". Its joints are ${joints.map((j) => j.profile.name).join(', ')}.`,
    );
  }
  return joint;
}

/** Takes one diagnostics read into the joints; the telemetry samples it makes. */
export function takeDiagnostics(
  joints: readonly JointLive[],
  results: readonly ReadResult[],
  table: ControlTable,
): TelemetrySample[] {
  const tMs = Date.now();
  const samples: TelemetrySample[] = [];
  for (const result of results) {
    const joint = joints.find((j) => j.profile.servoId === result.id);
    if (!joint || result.data.length < DIAGNOSTICS_LENGTH) continue;
    const diag = decodeDiagnostics(result.data, table);
    diag.positionRad -= CENTRE_RAW * PULSE_RAD;
    diag.positionTrajectoryRad -= CENTRE_RAW * PULSE_RAD;
    joint.diag = diag;
    samples.push({
      tMs,
      joint: joint.profile.name,
      positionRad: diag.positionRad,
      velocityRadS: diag.velocityRadS,
      currentA: diag.currentA,
      voltageV: diag.voltageV,
      temperatureC: diag.temperatureC,
      hwError: joint.hwError,
    });
  }
  return samples;
}

/** Takes one status read (Torque Enable … Hardware Error Status); calls back on an error change. */
export function takeStatus(
  joints: readonly JointLive[],
  results: readonly ReadResult[],
  hardwareErrorChanged: (joint: JointLive, hwError: number) => void,
): void {
  for (const result of results) {
    const joint = joints.find((j) => j.profile.servoId === result.id);
    if (!joint) continue;
    const torqueOn = (result.data[0] ?? 0) === 1;
    const hwError = result.data[HW_ERROR_OFFSET] ?? 0;
    if (hwError !== joint.hwError) hardwareErrorChanged(joint, hwError);
    joint.torqueOn = torqueOn;
    joint.hwError = hwError;
  }
}

export function isMoving(joints: readonly JointLive[]): boolean {
  return joints.some((joint) => Math.abs(joint.diag?.velocityRadS ?? 0) > MOVING_RAD_S);
}

/**
 * The Goal Position for a joint angle, or the reason it may not be sent: outside the profile's
 * limits, a latched hardware error, or torque off.
 */
export function goalRaw(joint: JointLive, rad: number): number {
  const { minRad, maxRad, label, name } = joint.profile;
  if (!Number.isFinite(rad) || rad < minRad - 1e-9 || rad > maxRad + 1e-9) {
    throw new RobotCommandError(
      'outside-limits',
      `${label.en} (${name}) moves between ${minRad.toFixed(3)} and ${maxRad.toFixed(3)} rad; ${rad.toFixed(3)} rad is outside its limits. Nothing was sent.`,
    );
  }
  if (joint.hwError !== 0) {
    throw new RobotCommandError(
      'hardware-error',
      `${label.en} (${name}) has a hardware error (${describeHw(joint.hwError)}). Reboot it first.`,
    );
  }
  if (!joint.torqueOn) {
    throw new RobotCommandError(
      'torque-off',
      `Torque is off on ${label.en} (${name}), so it cannot hold a position. Turn torque on first.`,
    );
  }
  // Clamp after rounding so a limit value never lands one pulse outside.
  const lo = Math.ceil(minRad / PULSE_RAD) + CENTRE_RAW;
  const hi = Math.floor(maxRad / PULSE_RAD) + CENTRE_RAW;
  return Math.min(hi, Math.max(lo, Math.round(rad / PULSE_RAD) + CENTRE_RAW));
}

export function jointStatus(joint: JointLive): JointStatus {
  const d = joint.diag;
  return {
    name: joint.profile.name,
    label: joint.profile.label,
    servoId: joint.profile.servoId,
    minRad: joint.profile.minRad,
    maxRad: joint.profile.maxRad,
    positionRad: d?.positionRad ?? 0,
    velocityRadS: d?.velocityRadS ?? 0,
    currentA: d?.currentA ?? 0,
    voltageV: d?.voltageV ?? 0,
    temperatureC: d?.temperatureC ?? 0,
    torqueOn: joint.torqueOn,
    hwError: joint.hwError,
    hwErrorText: decodeHardwareError(joint.hwError).map((m) => ({ en: m.en, ja: m.ja })),
  };
}

/** Hardware Error Status bits as short words for a log line or a refusal. */
export function describeHw(bits: number): string {
  return (
    decodeHardwareError(bits)
      .map((m) => m.code.replace(/_/g, ' '))
      .join(', ') || `0x${bits.toString(16)}`
  );
}

/** A state change's reason when a joint's hardware error trips, in both languages. */
export function hardwareFaultReason(joint: JointLive): Bilingual {
  const messages = decodeHardwareError(joint.hwError);
  return {
    en: `${joint.profile.name}: ${describeHw(joint.hwError)}`,
    ja: `${joint.profile.name}：${messages.map((m) => m.ja).join(' ') || `0x${joint.hwError.toString(16)}`}`,
  };
}

/** What the log gets when a joint's Hardware Error Status changes (set, or cleared to 0). */
export function hardwareErrorRecord(
  robot: string,
  joint: JointLive,
  hwError: number,
): {
  severity: Severity;
  line: [EventMessageCode, Record<string, MessageParam>];
  data: Record<string, unknown>;
} {
  const who = {
    robot,
    label: joint.profile.label,
    joint: joint.profile.name,
    servo: joint.profile.servoId,
  };
  if (hwError === 0) {
    return {
      severity: 'info',
      line: ['arm.hardwareErrorCleared', who],
      data: { cleared: true, joint: joint.profile.name },
    };
  }
  const messages = decodeHardwareError(hwError);
  const bits = `error bits 0x${hwError.toString(16)}`;
  const detail = {
    en: messages.map((m) => m.en).join(' ') || bits,
    ja: messages.map((m) => m.ja).join(' ') || bits,
  };
  const advice = messages[0]?.advice ?? {
    en: 'Reboot the joint to clear it.',
    ja: '関節を再起動するとエラーが解除されます。',
  };
  const fault = messages[0]?.code ?? 'hardware_error';
  return {
    severity: 'error',
    line: ['arm.hardwareError', { ...who, detail, advice }],
    data: { fault, cause: fault, joint: joint.profile.name, hwError },
  };
}

/** What care staff are told about an arm in this state, or null when all is well. */
export function armAttention(
  state: RobotState,
  joints: readonly JointLive[],
): { en: string; ja: string } | null {
  const link = linkAttention(state, {
    en: 'the USB cable and the robot’s power',
    ja: 'USB ケーブルとロボットの電源',
  });
  if (link) return link;
  switch (state) {
    case 'fault': {
      const faulty = joints.find((joint) => joint.hwError !== 0);
      const message = faulty ? decodeHardwareError(faulty.hwError)[0] : undefined;
      if (!faulty || !message) return { ...FAULT_ATTENTION };
      return {
        en: `${faulty.profile.label.en}: ${message.en} ${message.advice.en}`,
        ja: `${faulty.profile.label.ja}：${message.ja}${message.advice.ja}`,
      };
    }
    case 'torque-off':
      return {
        en: 'Motors are off (torque off). The arm can be moved by hand; turn torque on to use it.',
        ja: 'モーターがオフです（トルクオフ）。手で動かせます。使うときはトルクをオンにしてください。',
      };
    default:
      return null;
  }
}
