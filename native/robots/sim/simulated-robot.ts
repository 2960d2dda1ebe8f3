/**
 * A simulated robot from a profile id, attached to the device end of a ByteTransport: the
 * OpenManipulator-X bus simulator or the Robotiq 2F-85 Modbus slave. Used by `genba sim` (a PTY)
 * and by the demo facility (a loopback pair). Faults use the diagnostics model's names
 * (FAULT_CLASSES); `link_degradation` on the gripper is its line noise.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import { DynamixelBusSimulator } from '../../servos/dynamixel2/sim/bus-simulator';
import { FAULT_CLASSES } from '../../domain';
import { isFaultName, type FaultSpec } from '../../servos/physics/faults';
import { createOpenManipulatorXServos } from './open-manipulator-x';
import type { ServoModel } from '../../servos/dynamixel2/sim/servo-model';
import {
  ROBOTIQ_2F85_SIM_FAULTS,
  Robotiq2F85Sim,
  type Robotiq2F85SimFault,
} from '../../grippers/robotiq/sim/gripper-2f85-sim';
import { getRobotProfile, type RobotProfile } from '../robot-profile';

export const SIMULATED_PROFILES = ['openmanipulator-x', 'robotiq-2f85'] as const;

export interface SimFaultRequest {
  name: string;
  /** Servo id (arm faults); omitted = every servo. */
  id?: number;
  magnitude?: number;
  durationS?: number;
}

export class SimFaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimFaultError';
  }
}

/** `name`, `name:id`, or `name:id:magnitude`, as typed after `--fault`. */
export function parseFaultArgument(text: string): SimFaultRequest {
  const [name = '', id, magnitude] = text.split(':');
  const request: SimFaultRequest = { name };
  if (id !== undefined && id !== '') {
    const n = Number(id);
    if (!Number.isInteger(n) || n < 0 || n > 252) {
      throw new SimFaultError(`Fault "${text}": the servo id must be a whole number 0–252.`);
    }
    request.id = n;
  }
  if (magnitude !== undefined) {
    const m = Number(magnitude);
    if (!Number.isFinite(m) || m <= 0) {
      throw new SimFaultError(`Fault "${text}": the magnitude must be a positive number.`);
    }
    request.magnitude = m;
  }
  return request;
}

export interface SimulatedRobot {
  readonly profile: RobotProfile;
  injectFault(fault: SimFaultRequest): void;
  clearFaults(): void;
  /** Detaches from the transport (which stays open) and stops the physics timer. */
  close(): void;
}

export interface SimulatedRobotOptions {
  seed?: number;
  faults?: readonly SimFaultRequest[];
  /** Arm only: keep these servos (positions, heat, latched errors) across re-attachments. */
  servos?: ServoModel[];
}

/** Checks fault names against a profile before anything is attached. */
export function validateFault(profileId: string, fault: SimFaultRequest): void {
  const profile = getRobotProfile(profileId);
  if (profile.kind === 'arm') {
    if (!isFaultName(fault.name)) {
      throw new SimFaultError(
        `Unknown fault "${fault.name}" for ${profileId}. Known faults: ${FAULT_CLASSES.join(', ')}.`,
      );
    }
    if (fault.id !== undefined && !profile.joints.some((joint) => joint.servoId === fault.id)) {
      const ids = profile.joints.map((joint) => joint.servoId).join(', ');
      throw new SimFaultError(`Fault "${fault.name}": ${profileId} has servo ids ${ids} only.`);
    }
  } else if (!gripperFault(fault.name)) {
    throw new SimFaultError(
      `Unknown fault "${fault.name}" for ${profileId}. Known faults: ${[...ROBOTIQ_2F85_SIM_FAULTS, 'link_degradation'].join(', ')}.`,
    );
  }
}

function gripperFault(name: string): Robotiq2F85SimFault | null {
  if (name === 'link_degradation') return 'line_noise';
  return (ROBOTIQ_2F85_SIM_FAULTS as readonly string[]).includes(name)
    ? (name as Robotiq2F85SimFault)
    : null;
}

export function attachSimulatedRobot(
  profileId: string,
  transport: ByteTransport,
  options: SimulatedRobotOptions = {},
): SimulatedRobot & { arm?: DynamixelBusSimulator; gripper?: Robotiq2F85Sim } {
  const profile = getRobotProfile(profileId);
  for (const fault of options.faults ?? []) validateFault(profileId, fault);
  if (profile.kind === 'arm') {
    if (profile.id !== 'openmanipulator-x') {
      throw new SimFaultError(`There is no simulator for ${profile.id} yet.`);
    }
    const sim = new DynamixelBusSimulator(
      transport,
      options.servos ?? createOpenManipulatorXServos(),
      { seed: options.seed ?? 1 },
    );
    const inject = (fault: SimFaultRequest) => {
      validateFault(profileId, fault);
      const spec: FaultSpec = { name: fault.name as FaultSpec['name'] };
      if (fault.id !== undefined) spec.id = fault.id;
      if (fault.magnitude !== undefined) spec.magnitude = fault.magnitude;
      if (fault.durationS !== undefined) spec.durationS = fault.durationS;
      sim.injectFault(spec);
    };
    for (const fault of options.faults ?? []) inject(fault);
    return {
      profile,
      arm: sim,
      injectFault: inject,
      clearFaults: () => sim.faults.clear(),
      close: () => sim.close(),
    };
  }
  const sim = new Robotiq2F85Sim(transport, {
    slaveId: profile.slaveId,
    seed: options.seed ?? 1,
  });
  sim.start();
  const inject = (fault: SimFaultRequest) => {
    const name = gripperFault(fault.name);
    if (!name) validateFault(profileId, fault);
    else sim.injectFault(name);
  };
  for (const fault of options.faults ?? []) inject(fault);
  return {
    profile,
    gripper: sim,
    injectFault: inject,
    clearFaults: () => {
      for (const fault of sim.faults) sim.clearFault(fault);
    },
    close: () => sim.dispose(),
  };
}
