/**
 * What a failed scan tells the screen: which failure it was (the words are the renderer's, in
 * the person's language) and the system's own text as a detail.
 */
import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../native/domain';
import { BusScans } from '../../../native/robots/bus-scans';
import { createOpenManipulatorX } from '../../../native/robots/sim/open-manipulator-x';
import { createLoopbackPair } from '../../../native/transport/loopback-transport';

function scans(openPort: ConstructorParameters<typeof BusScans>[0]['openPort']) {
  const progress: ScanProgress[] = [];
  let finished!: (last: ScanProgress) => void;
  const done = new Promise<ScanProgress>((resolve) => (finished = resolve));
  const bus = new BusScans({
    openPort,
    portUser: () => undefined,
    onProgress: (step) => {
      progress.push(step);
      if (step.state !== 'running') finished(step);
    },
  });
  return { bus, progress, done };
}

describe('bus scans that fail', () => {
  it('say the port did not open, with the system text beside it', async () => {
    const { bus, done } = scans(() =>
      Promise.reject(new Error('Error: Permission denied, cannot open /dev/ttyUSB0')),
    );
    bus.start({ path: '/dev/ttyUSB0', protocols: ['dynamixel2'], bauds: [1_000_000] });
    expect(await done).toMatchObject({
      state: 'failed',
      failure: 'port-unavailable',
      error: 'Error: Permission denied, cannot open /dev/ttyUSB0',
      found: [],
    });
  });

  it('say the port closed mid-scan, keeping what was found', async () => {
    const [app, device] = createLoopbackPair('scan-closes', 1_000_000);
    const sim = createOpenManipulatorX(device);
    try {
      const { bus, progress, done } = scans(() => Promise.resolve(app));
      bus.start({
        path: 'loopback:scan-closes',
        protocols: ['dynamixel2', 'modbus-rtu'],
        bauds: [1_000_000],
      });
      const watch = setInterval(() => {
        const last = progress.at(-1);
        if (last?.protocol === 'modbus-rtu' && last.done >= 10 && app.isOpen) device.unplug();
      }, 1);
      const last = await done.finally(() => clearInterval(watch));
      expect(last.state).toBe('failed');
      expect(last.failure).toBe('port-closed');
      expect(last.found.map((d) => d.id)).toEqual([11, 12, 13, 14, 15]);
    } finally {
      sim.close();
    }
  });

  it('a cancelled scan is not a failure', async () => {
    const [app, device] = createLoopbackPair('scan-cancel', 1_000_000);
    const sim = createOpenManipulatorX(device);
    try {
      const { bus, done } = scans(() => Promise.resolve(app));
      const { scanId } = bus.start({ path: 'loopback:scan-cancel', protocols: ['dynamixel2'] });
      bus.cancel(scanId);
      const last = await done;
      expect(last.state).toBe('cancelled');
      expect(last.failure).toBeUndefined();
    } finally {
      sim.close();
    }
  });
});
