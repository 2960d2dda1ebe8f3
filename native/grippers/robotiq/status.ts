/** Decodes the three status registers at 0x07D0 into what an operator and a task runner need. */
import { GRIPPER_OBJECT_DETECTIONS, type GripperObjectDetection } from '../../domain';
import { decodeGripperFault, type GripperFault } from './faults';
import {
  CURRENT_AMPS_PER_COUNT,
  FINGER_LIMITS,
  GRIPPER_STATUS,
  INPUT_REGISTERS,
  field,
  registersToBytes,
} from './registers';

/** gOBJ: 'inner' = stopped on contact while opening, 'outer' = while closing. */
export type ObjectDetection = GripperObjectDetection;

export interface GripperStatus {
  /** Activation complete (gSTA = 3). */
  activated: boolean;
  activation: 'reset' | 'in_progress' | 'complete';
  /** gGTO echo: a move request is active. */
  goRequested: boolean;
  /** Fingers in motion towards the requested position. */
  moving: boolean;
  objectDetected: ObjectDetection;
  fault: GripperFault | null;
  requestedPosition: number;
  /** 0 open … 255 closed. */
  position: number;
  /** 0 closed … 1 open. */
  openFraction: number;
  currentA: number;
}

const OBJECT: readonly ObjectDetection[] = GRIPPER_OBJECT_DETECTIONS;

export function decodeGripperStatus(registers: readonly number[]): GripperStatus {
  const bytes = registersToBytes(registers);
  const b = INPUT_REGISTERS.bytes;
  const status = bytes[b.gripperStatus] ?? 0;
  const gSTA = field(status, GRIPPER_STATUS.gSTA);
  const goRequested = field(status, GRIPPER_STATUS.gGTO) === 1;
  const objectDetected = OBJECT[field(status, GRIPPER_STATUS.gOBJ)] ?? 'moving';
  const position = bytes[b.position] ?? 0;
  return {
    activated: gSTA === 3,
    activation: gSTA === 3 ? 'complete' : gSTA === 1 ? 'in_progress' : 'reset',
    goRequested,
    moving: gSTA === 3 && goRequested && objectDetected === 'moving',
    objectDetected,
    // The high nibble is the controller's kFLT, meaningful only to Robotiq support.
    fault: decodeGripperFault((bytes[b.faultStatus] ?? 0) & 0x0f),
    requestedPosition: bytes[b.positionRequestEcho] ?? 0,
    position,
    openFraction: positionToOpenFraction(position),
    currentA: Math.round((bytes[b.current] ?? 0) * CURRENT_AMPS_PER_COUNT * 100) / 100,
  };
}

/** Over the fingers' real travel, so a fully closed gripper reads 0 and a fully open one 1. */
export function positionToOpenFraction(position: number): number {
  const { openPosition, closedPosition } = FINGER_LIMITS;
  const fraction = (closedPosition - position) / (closedPosition - openPosition);
  return Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 1000;
}

export function openFractionToPosition(openFraction: number): number {
  const { openPosition, closedPosition } = FINGER_LIMITS;
  return Math.round(closedPosition - openFraction * (closedPosition - openPosition));
}
