/**
 * The arm session's transactions on its Dynamixel bus that are more than one call: the
 * diagnostics read (Fast Sync Read, or Sync Read on older firmware), recognising the poll loop's
 * own packets, and turning bus failures into messages a technician can act on.
 */
import type { DynamixelBus, ReadResult } from '../servos/dynamixel2/bus';
import { encodeUint } from '../servos/dynamixel2/bytes';
import {
  DynamixelError,
  DynamixelStatusError,
  DynamixelTimeoutError,
} from '../servos/dynamixel2/bus-errors';
import { XM430_W350, type ControlTable } from '../servos/dynamixel2/control-table';
import { DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH } from '../servos/dynamixel2/diagnostics';
import { StatusErrorCode } from '../servos/dynamixel2/errors';
import { Instruction } from '../servos/dynamixel2/protocol';
import type { ByteTransport } from '../transport/byte-transport';
import { QueueClosedError, type TransactionPriority } from '../transport/transaction-queue';
import { STATUS_ADDRESS } from './arm-joints';
import type { ProfileJoint } from './robot-profile';
import { RobotCommandError } from './robot-session';

const PROFILE_VELOCITY = XM430_W350.item('profileVelocity');
const PROFILE_ACCELERATION = XM430_W350.item('profileAcceleration');

/** Pings every servo; refuses the link, saying which servos are missing, unless all answer. */
export async function checkServosAnswer(
  bus: DynamixelBus,
  transport: ByteTransport,
  ids: number[],
  robot: string,
  port: string,
  baudRate: number,
): Promise<void> {
  const missing: number[] = [];
  for (const id of ids) {
    try {
      await bus.ping(id, { priority: 'user' });
    } catch (error) {
      if (!transport.isOpen) throw error;
      missing.push(id);
    }
  }
  if (missing.length === ids.length) {
    throw new RobotCommandError(
      'no-reply',
      `No servo of ${robot} (ids ${ids.join(', ')}) answered on ${port} at ${baudRate} baud. Check the 12 V power and the cable, or scan the bus to find the servos' ids and baud rate.`,
    );
  }
  if (missing.length > 0) {
    throw new RobotCommandError(
      'no-reply',
      `Servo(s) ${missing.join(', ')} of ${robot} did not answer on ${port}. Check the daisy-chain cable after the last servo that answered, or scan the bus.`,
    );
  }
}

/** Profile Acceleration and Profile Velocity of every joint from its profile, in one Sync Write. */
export async function writeMotionLimits(
  bus: DynamixelBus,
  table: ControlTable,
  joints: readonly ProfileJoint[],
): Promise<void> {
  await bus.syncWrite(
    PROFILE_VELOCITY.address,
    PROFILE_VELOCITY.size + PROFILE_ACCELERATION.size,
    joints.map((joint) => ({
      id: joint.servoId,
      data: Uint8Array.from([
        ...encodeUint(table.fromSi(PROFILE_ACCELERATION, joint.maxAccelerationRadS2), 4),
        ...encodeUint(table.fromSi(PROFILE_VELOCITY, joint.maxVelocityRadS), 4),
      ]),
    })),
    { priority: 'user' },
  );
}

export function readDiagnostics(
  bus: DynamixelBus,
  ids: number[],
  fast: boolean,
  priority: TransactionPriority,
): Promise<ReadResult[]> {
  return fast
    ? bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, ids, { priority })
    : bus.syncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, ids, { priority });
}

/** True when the servos answer Fast Sync Read; false (after a Sync Read that worked) otherwise. */
export async function supportsFastSyncRead(bus: DynamixelBus, ids: number[]): Promise<boolean> {
  try {
    await readDiagnostics(bus, ids, true, 'user');
    return true;
  } catch (error) {
    const unsupported =
      (error instanceof DynamixelStatusError && error.code === StatusErrorCode.InstructionError) ||
      error instanceof DynamixelTimeoutError;
    if (!unsupported) throw error;
    await readDiagnostics(bus, ids, false, 'user');
    return false;
  }
}

/** The poll loop's own transactions: (Fast) Sync Read of 124 or 64. */
export function isPollPacket(bytes: Uint8Array): boolean {
  const instruction = bytes[7];
  if (instruction !== Instruction.FastSyncRead && instruction !== Instruction.SyncRead)
    return false;
  const address = (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8);
  return address === DIAGNOSTICS_ADDRESS || address === STATUS_ADDRESS;
}

/** A poll failure the loop should carry on through (the link itself may still be fine). */
export function isBusFailure(error: unknown): boolean {
  return error instanceof QueueClosedError || error instanceof DynamixelError;
}

/** Runs one command's transaction; bus failures become messages a technician can act on. */
export async function guardArmBus<T>(robot: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DynamixelStatusError) {
      throw new RobotCommandError(
        error.human.code,
        `Servo ${error.id}: ${error.human.en} ${error.human.advice.en}`,
      );
    }
    if (error instanceof DynamixelError)
      throw new RobotCommandError(error.human.code, error.message);
    if (error instanceof QueueClosedError) {
      throw new RobotCommandError(
        'not-sent',
        `${robot}: the command was not sent because the link closed or an emergency stop cleared the queue.`,
      );
    }
    throw error;
  }
}
