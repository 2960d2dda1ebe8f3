import type { ByteTransport } from '../../transport/byte-transport';
import {
  DynamixelBusSimulator,
  type BusSimulatorOptions,
} from '../../servos/dynamixel2/sim/bus-simulator';
import type { JointLoad } from '../../servos/physics/joint-load';
import { ServoModel } from '../../servos/dynamixel2/sim/servo-model';

/** ROBOTIS OpenManipulator-X: five XM430-W350 on one 1 Mbps bus, ids 11–15. */
export const OPEN_MANIPULATOR_X_BAUD = 1_000_000;
/** Baud Rate register value for 1 Mbps. */
const BAUD_1M = 3;

export interface SimJoint {
  id: number;
  name: string;
  load: Partial<JointLoad>;
}

/**
 * Loads estimated from the arm's link masses (~0.14 kg per link, 0.13 m reach per segment):
 * the shoulder carries the most, the base yaw carries no gravity, the gripper almost nothing.
 */
export const OPEN_MANIPULATOR_X_JOINTS: readonly SimJoint[] = [
  {
    id: 11,
    name: 'joint1',
    load: { inertiaKgM2: 0.02, gravityNm: 0, minRad: -2.83, maxRad: 2.83 },
  },
  {
    id: 12,
    name: 'joint2',
    load: { inertiaKgM2: 0.03, gravityNm: 0.35, minRad: -1.79, maxRad: 1.57 },
  },
  {
    id: 13,
    name: 'joint3',
    load: { inertiaKgM2: 0.02, gravityNm: 0.18, minRad: -0.94, maxRad: 1.38 },
  },
  {
    id: 14,
    name: 'joint4',
    load: { inertiaKgM2: 0.014, gravityNm: 0.06, minRad: -1.79, maxRad: 2.04 },
  },
  {
    id: 15,
    name: 'gripper',
    load: { inertiaKgM2: 0.0125, gravityNm: 0, minRad: -1.1, maxRad: 1.1 },
  },
];

export function createOpenManipulatorXServos(ambientC = 25): ServoModel[] {
  return OPEN_MANIPULATOR_X_JOINTS.map((joint) => {
    const servo = new ServoModel({ id: joint.id, name: joint.name, load: joint.load, ambientC });
    servo.set('baudRate', BAUD_1M);
    return servo;
  });
}

export function createOpenManipulatorX(
  transport: ByteTransport,
  options: BusSimulatorOptions = {},
): DynamixelBusSimulator {
  return new DynamixelBusSimulator(
    transport,
    createOpenManipulatorXServos(options.ambientC),
    options,
  );
}
