/**
 * Scans on a bus that misbehaves: a device that sends well-formed status packets nobody asked
 * for must not appear as a servo, and a cable pulled mid-scan is reported as a closed port with
 * the devices already found, not blamed on whichever protocol was being tried.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scanBus, ScanPortClosedError } from '../../../native/scan/bus-scanner';
import { createOpenManipulatorX } from '../../../native/robots/sim/open-manipulator-x';
import { encodeStatusPacket } from '../../../native/servos/dynamixel2/packet';
import { createLoopbackPair } from '../../../native/transport/loopback-transport';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const ARM_IDS = [11, 12, 13, 14, 15];

describe('bus scans on a misbehaving bus', () => {
  it('lists only servos that answered its own requests, not a chatterer', async () => {
    const [app, device] = createLoopbackPair('scan-chatter', 1_000_000);
    const sim = createOpenManipulatorX(device);
    // Ping-shaped status packets from id 42, every millisecond, whatever is on the bus.
    const chatter = setInterval(
      () => void device.write(encodeStatusPacket(42, 0, [0xfc, 0x03, 0x2d])),
      1,
    );
    cleanups.push(
      () => clearInterval(chatter),
      () => sim.close(),
    );
    const found = await scanBus(app, { protocols: ['dynamixel2'], bauds: [1_000_000] });
    expect(found.map((d) => d.id)).toEqual(ARM_IDS);
  });

  it('reports a cable pulled mid-scan as a closed port, keeping the servos found', async () => {
    const [app, device] = createLoopbackPair('scan-unplug', 1_000_000);
    const sim = createOpenManipulatorX(device);
    cleanups.push(() => sim.close());
    const scan = scanBus(app, {
      protocols: ['dynamixel2', 'modbus-rtu'],
      bauds: [1_000_000],
      modbusIds: { from: 1, to: 60 },
      onProgress: (step) => {
        if (step.protocol === 'modbus-rtu' && step.done >= 10 && app.isOpen) device.unplug();
      },
    });
    const error = await scan.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScanPortClosedError);
    expect((error as ScanPortClosedError).found.map((d) => `${d.protocol} ${d.id}`)).toEqual(
      ARM_IDS.map((id) => `dynamixel2 ${id}`),
    );
    expect((error as Error).message).toBe(
      'The port closed during the scan (unplugged or in use elsewhere?); 5 device(s) found before that are listed.',
    );
  });
});
