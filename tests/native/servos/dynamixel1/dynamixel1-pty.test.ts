import { afterEach, describe, expect, it } from 'vitest';
import { Dynamixel1Bus, Dynamixel1StatusError } from '../../../../native/servos/dynamixel1/bus';
import { AX_12A, AX_18A, MX_28_P1, MX_106_P1 } from '../../../../native/servos/dynamixel1/models';
import { Dynamixel1BusSimulator } from '../../../../native/servos/dynamixel1/sim/dynamixel1-bus-simulator';
import { Dynamixel1ServoModel } from '../../../../native/servos/dynamixel1/sim/dynamixel1-servo-model';
import { SerialPortTransport } from '../../../../native/transport/serial-port-transport';
import { startPtyPair } from '../../../helpers/socat-pair';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const le16 = (v: number) => Uint8Array.of(v & 0xff, v >> 8);
/** Gearbox friction against a proportional-only position loop leaves up to ~1° on the big MX. */
const TOLERANCE = 12;

describe('Dynamixel 1.0 simulator over a socat PTY pair', () => {
  it('answers ping, read, write, sync write and (MX) bulk read', async () => {
    const pair = await startPtyPair(tempDir(), 'dxl1');
    cleanup.push(() => pair.kill());
    const device = await SerialPortTransport.open(pair.device, 1_000_000);
    cleanup.push(() => device.close());
    const servos = [
      new Dynamixel1ServoModel({ id: 1, table: AX_12A }),
      new Dynamixel1ServoModel({ id: 2, table: AX_18A }),
      new Dynamixel1ServoModel({ id: 3, table: MX_28_P1 }),
      new Dynamixel1ServoModel({ id: 4, table: MX_106_P1 }),
    ];
    const sim = new Dynamixel1BusSimulator(device, servos);
    cleanup.push(() => sim.close());
    const host = await SerialPortTransport.open(pair.app, 1_000_000);
    cleanup.push(() => host.close());
    const bus = new Dynamixel1Bus(host);
    cleanup.push(() => bus.close());

    const names = [];
    for (const id of [1, 2, 3, 4]) names.push((await bus.identify(id)).model.name);
    expect(names).toEqual(['AX-12A', 'AX-18A', 'MX-28', 'MX-106']);

    await bus.syncWrite(
      24,
      1,
      [1, 2, 3, 4].map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    await bus.syncWrite(30, 2, [
      { id: 1, data: le16(400) },
      { id: 2, data: le16(620) },
      { id: 3, data: le16(1500) },
      { id: 4, data: le16(2600) },
    ]);
    const deadline = Date.now() + 15_000;
    let mx: number[] = [];
    let ax: number[] = [];
    for (;;) {
      const bulk = await bus.bulkRead([
        { id: 3, address: 36, length: 2 },
        { id: 4, address: 36, length: 2 },
      ]);
      mx = bulk.map((r) => (r.data[0] ?? 0) | ((r.data[1] ?? 0) << 8));
      ax = [];
      for (const id of [1, 2]) {
        const r = await bus.read(id, 36, 2);
        ax.push((r.data[0] ?? 0) | ((r.data[1] ?? 0) << 8));
      }
      const done =
        Math.abs((mx[0] ?? 0) - 1500) <= TOLERANCE && Math.abs((mx[1] ?? 0) - 2600) <= TOLERANCE;
      if (
        (done &&
          Math.abs((ax[0] ?? 0) - 400) <= TOLERANCE &&
          Math.abs((ax[1] ?? 0) - 620) <= TOLERANCE) ||
        Date.now() > deadline
      )
        break;
    }
    expect(mx.map((v, i) => Math.abs(v - [1500, 2600][i]!) <= TOLERANCE)).toEqual([true, true]);
    expect(ax.map((v, i) => Math.abs(v - [400, 620][i]!) <= TOLERANCE)).toEqual([true, true]);
    await expect(bus.write(1, 36, le16(1))).rejects.toBeInstanceOf(Dynamixel1StatusError);
    await expect(bus.write(4, 24, Uint8Array.of(0))).resolves.toMatchObject({
      id: 4,
      hardwareError: 0,
    });
  });
});
