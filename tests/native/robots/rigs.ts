/** Sessions wired to in-process simulators over loopback pairs, replugged as often as a test likes. */
import { ArmSession } from '../../../native/robots/arm-session';
import { GripperSession } from '../../../native/robots/gripper-session';
import { getRobotProfile } from '../../../native/robots/robot-profile';
import type { SessionContext, SessionRecord } from '../../../native/robots/robot-session';
import { DynamixelBusSimulator } from '../../../native/servos/dynamixel2/sim/bus-simulator';
import { createOpenManipulatorXServos } from '../../../native/robots/sim/open-manipulator-x';
import { Robotiq2F85Sim } from '../../../native/grippers/robotiq/sim/gripper-2f85-sim';
import type { TelemetryBatch } from '../../../electron/shared/contract';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../native/transport/loopback-transport';

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function armRig(overrides: Partial<SessionContext> = {}) {
  const profile = getRobotProfile('openmanipulator-x');
  if (profile.kind !== 'arm') throw new Error('profile kind');
  const servos = createOpenManipulatorXServos();
  const records: SessionRecord[] = [];
  const batches: TelemetryBatch[] = [];
  const rig = {
    plugged: true,
    opens: 0,
    app: undefined as LoopbackTransport | undefined,
    sim: undefined as DynamixelBusSimulator | undefined,
    servos,
    records,
    batches,
    session: undefined as unknown as ArmSession,
  };
  const open = (baud: number) => {
    if (!rig.plugged) return Promise.reject(new Error('Cannot open loopback:arm: unplugged'));
    rig.sim?.close();
    const [app, device] = createLoopbackPair('arm', baud);
    rig.app = app;
    rig.sim = new DynamixelBusSimulator(device, servos, { seed: 7 });
    rig.opens++;
    return Promise.resolve(app);
  };
  rig.session = new ArmSession(profile, {
    id: 'arm-1',
    name: 'Arm A',
    identity: 'test:arm',
    port: 'loopback:arm',
    simulated: true,
    open,
    record: (record) => records.push(record),
    onTelemetryBatch: (batch) => batches.push(batch),
    reconnectDelayMs: { initial: 50, max: 200 },
    ...overrides,
  });
  return rig;
}

export function gripperRig(overrides: Partial<SessionContext> = {}) {
  const profile = getRobotProfile('robotiq-2f85');
  if (profile.kind !== 'gripper') throw new Error('profile kind');
  const records: SessionRecord[] = [];
  const rig = {
    plugged: true,
    app: undefined as LoopbackTransport | undefined,
    sim: undefined as Robotiq2F85Sim | undefined,
    records,
    session: undefined as unknown as GripperSession,
  };
  const open = (baud: number) => {
    if (!rig.plugged) return Promise.reject(new Error('Cannot open loopback:gripper: unplugged'));
    rig.sim?.dispose();
    const [app, device] = createLoopbackPair('gripper', baud);
    rig.app = app;
    rig.sim = new Robotiq2F85Sim(device, { activationMs: 200 });
    rig.sim.start();
    return Promise.resolve(app);
  };
  rig.session = new GripperSession(profile, {
    id: 'gripper-1',
    name: 'Gripper B',
    identity: 'test:gripper',
    port: 'loopback:gripper',
    simulated: true,
    open,
    record: (record) => records.push(record),
    reconnectDelayMs: { initial: 50, max: 200 },
    ...overrides,
  });
  return rig;
}
