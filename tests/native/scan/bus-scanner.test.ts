import { afterEach, describe, expect, it } from 'vitest';
import { ModbusRtuSlave } from '../../../native/modbus/slave';
import {
  groupScanResults,
  scanBus,
  ScanCancelledError,
  scanTotal,
  type ScanStep,
} from '../../../native/scan/bus-scanner';
import { dynamixelModelName } from '../../../native/scan/device-models';
import { createOpenManipulatorX } from '../../../native/robots/sim/open-manipulator-x';
import { Robotiq2F85Sim } from '../../../native/grippers/robotiq/sim/gripper-2f85-sim';
import { createLoopbackPair } from '../../../native/transport/loopback-transport';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('bus scanner over loopback pairs (which garble mismatched bauds like a UART)', () => {
  it('finds the five OpenManipulator-X servos at 1 Mbps only, by broadcast ping', async () => {
    const [app, device] = createLoopbackPair('scan-arm', 1_000_000);
    const sim = createOpenManipulatorX(device);
    cleanups.push(() => sim.close());
    const steps: ScanStep[] = [];
    const found = await scanBus(app, {
      protocols: ['dynamixel2'],
      bauds: [57_600, 115_200, 1_000_000, 2_000_000],
      exhaustive: true,
      onProgress: (step) => steps.push(step),
    });
    expect(found).toEqual(
      [11, 12, 13, 14, 15].map((id) => ({
        protocol: 'dynamixel2',
        id,
        baud: 1_000_000,
        model: 'XM430-W350',
      })),
    );
    expect(steps.at(-1)?.done).toBe(4);
    expect(steps.at(-1)?.total).toBe(4);
  });

  it('stops trying further bauds of a protocol once it found devices (PTYs carry no baud)', async () => {
    const [app, device] = createLoopbackPair('scan-arm-2', 1_000_000);
    const sim = createOpenManipulatorX(device);
    cleanups.push(() => sim.close());
    const steps: ScanStep[] = [];
    const found = await scanBus(app, {
      protocols: ['dynamixel2'],
      onProgress: (step) => steps.push(step),
    });
    expect(found).toHaveLength(5);
    expect(steps.filter((s) => s.skipped).map((s) => s.baud)).toEqual([
      57_600, 115_200, 2_000_000, 3_000_000, 4_000_000, 9_600,
    ]);
    expect(steps.at(-1)?.done).toBe(steps.at(-1)?.total);
  });

  it('finds the Robotiq 2F-85 at 115200 (id 9) and not at a wrong baud', async () => {
    const [app, device] = createLoopbackPair('scan-gripper', 9_600);
    device.baudRate = 115_200;
    const sim = new Robotiq2F85Sim(device);
    cleanups.push(() => sim.dispose());
    const found = await scanBus(app, {
      protocols: ['modbus-rtu'],
      bauds: [9_600, 115_200],
      modbusIds: { from: 1, to: 12 },
      exhaustive: true,
    });
    expect(found).toEqual([
      { protocol: 'modbus-rtu', id: 9, baud: 115_200, model: 'Robotiq 2F-85/140' },
    ]);
  });

  it('reports any Modbus device that answers with an exception', async () => {
    const [app, device] = createLoopbackPair('scan-modbus', 19_200);
    const slave = new ModbusRtuSlave(device, {
      unit: 3,
      handle: () => ({ kind: 'exception', code: 0x02 }),
    });
    cleanups.push(() => slave.dispose());
    const found = await scanBus(app, {
      protocols: ['modbus-rtu'],
      bauds: [19_200],
      modbusIds: { from: 1, to: 5 },
    });
    expect(found).toEqual([
      { protocol: 'modbus-rtu', id: 3, baud: 19_200, model: 'Modbus device' },
    ]);
  });

  it('cancels through an AbortSignal', async () => {
    const [app] = createLoopbackPair('scan-cancel', 115_200);
    const controller = new AbortController();
    const scan = scanBus(app, {
      protocols: ['modbus-rtu'],
      bauds: [115_200],
      onProgress: (step) => {
        if (step.done >= 8) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(scan).rejects.toBeInstanceOf(ScanCancelledError);
  });

  it('names models, counts work and groups results by port, baud and model', () => {
    expect(dynamixelModelName(1020)).toBe('XM430-W350');
    expect(dynamixelModelName(1200)).toBe('XL330-M288');
    expect(dynamixelModelName(4242)).toBe('Dynamixel model 4242');
    expect(scanTotal({ protocols: ['modbus-rtu'], bauds: [9600, 115200] })).toBe(2 * 247);
    expect(scanTotal({ protocols: ['dynamixel2'] })).toBe(7);
    const groups = groupScanResults('/dev/ttyUSB0', [
      { protocol: 'dynamixel2', id: 12, baud: 1_000_000, model: 'XM430-W350' },
      { protocol: 'dynamixel2', id: 11, baud: 1_000_000, model: 'XM430-W350' },
      { protocol: 'dynamixel2', id: 1, baud: 57_600, model: 'XL430-W250' },
    ]);
    expect(groups).toEqual([
      {
        path: '/dev/ttyUSB0',
        protocol: 'dynamixel2',
        baud: 1_000_000,
        model: 'XM430-W350',
        ids: [11, 12],
      },
      { path: '/dev/ttyUSB0', protocol: 'dynamixel2', baud: 57_600, model: 'XL430-W250', ids: [1] },
    ]);
  });
});
