import { afterEach, describe, expect, it } from 'vitest';
import { RobotFleet } from '../../../native/robots/robot-fleet';
import {
  RobotLinkService,
  type RegisteredRobot,
  type RobotRegistry,
} from '../../../native/robots/robot-link-service';
import type { SerialPortInfo } from '../../../native/discovery/serial-port-info';
import { DynamixelBusSimulator } from '../../../native/servos/dynamixel2/sim/bus-simulator';
import { createOpenManipulatorXServos } from '../../../native/robots/sim/open-manipulator-x';
import { createLoopbackPair } from '../../../native/transport/loopback-transport';
import { waitFor } from './rigs';

/** A robot registered earlier (e.g. before the app restarted), known by its adapter's USB serial. */
const KITCHEN_ARM: RegisteredRobot = {
  id: 'robot-kitchen',
  name: 'Kitchen arm',
  profile: 'openmanipulator-x',
  identity: 'usb:0403:6014:FT4TFSV1',
  settings: {},
  createdMs: 1,
};

function memoryRegistry(robots: RegisteredRobot[]): RobotRegistry {
  return {
    findRobotByIdentity: (identity) =>
      Promise.resolve(robots.find((r) => r.identity === identity) ?? null),
    listRobots: () => Promise.resolve(robots),
    saveRobot: (robot) => Promise.resolve(robot),
    appendEvent: (record) =>
      Promise.resolve({ id: 1, user: null, ...record, robotId: record.robotId ?? null }),
  };
}

describe('robot link: registered robots come back by themselves', () => {
  const services: RobotLinkService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) await service.close();
  });

  function rig(robots: RegisteredRobot[]) {
    const ports: SerialPortInfo[] = [];
    const sims: DynamixelBusSimulator[] = [];
    const fleet = new RobotFleet();
    const service = new RobotLinkService({
      fleet,
      registry: memoryRegistry(robots),
      listPorts: () => Promise.resolve([...ports]),
      openPort: (_path, baud) => {
        const [app, device] = createLoopbackPair('usb-arm', baud);
        sims.push(new DynamixelBusSimulator(device, createOpenManipulatorXServos(), { seed: 3 }));
        return Promise.resolve(app);
      },
      portPollMs: 20,
    });
    services.push(service);
    return { ports, fleet, service, sims };
  }

  const usbPort = (path: string, identity = KITCHEN_ARM.identity): SerialPortInfo => ({
    path,
    identity,
    vendorId: '0403',
    productId: '6014',
    serialNumber: 'FT4TFSV1',
    source: 'sysfs',
  });

  it('connects a registered adapter when it is plugged in, with its saved name, on any port', async () => {
    const { ports, fleet, service, sims } = rig([KITCHEN_ARM]);
    await service.start();
    expect(fleet.list()).toEqual([]);

    ports.push(usbPort('/dev/ttyUSB3'));
    await waitFor(() => fleet.list().some((r) => r.state !== 'connecting'), 'the arm to connect');
    expect(fleet.list()).toMatchObject([
      {
        id: 'robot-kitchen',
        name: 'Kitchen arm',
        port: '/dev/ttyUSB3',
        profile: 'openmanipulator-x',
      },
    ]);
    for (const sim of sims) sim.close();
  });

  it('leaves a robot alone after a person disconnected it, and ignores path-only identities', async () => {
    const pathOnly: RegisteredRobot = {
      ...KITCHEN_ARM,
      id: 'robot-pty',
      identity: 'path:/dev/ttyS9',
    };
    const { ports, fleet, service, sims } = rig([KITCHEN_ARM, pathOnly]);
    await service.start();
    ports.push(usbPort('/dev/ttyUSB3'), usbPort('/dev/ttyS9', 'path:/dev/ttyS9'));
    await waitFor(() => fleet.list().length === 1, 'the USB arm to connect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fleet.list().map((r) => r.id)).toEqual(['robot-kitchen']);

    await service.disconnect('robot-kitchen');
    ports.splice(0, 1); // unplugged…
    await new Promise((resolve) => setTimeout(resolve, 100));
    ports.push(usbPort('/dev/ttyUSB4')); // …and plugged back in
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fleet.list()).toEqual([]);

    // Connecting it by hand lifts the hold.
    await service.connect({ path: '/dev/ttyUSB4', profileId: 'openmanipulator-x' }, 'tech');
    expect(fleet.list()).toMatchObject([{ id: 'robot-kitchen', name: 'Kitchen arm' }]);
    for (const sim of sims) sim.close();
  });
});
