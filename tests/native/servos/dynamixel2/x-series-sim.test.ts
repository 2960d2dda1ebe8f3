import { afterEach, describe, expect, it } from 'vitest';
import { DynamixelBus } from '../../../../native/servos/dynamixel2/bus';
import { DynamixelStatusError } from '../../../../native/servos/dynamixel2/bus-errors';
import { encodeUint } from '../../../../native/servos/dynamixel2/bytes';
import { HardwareErrorBit, StatusErrorCode } from '../../../../native/servos/dynamixel2/errors';
import {
  dynamixel2Model,
  xSeriesTable,
} from '../../../../native/servos/dynamixel2/x-series-models';
import { DynamixelBusSimulator } from '../../../../native/servos/dynamixel2/sim/bus-simulator';
import { ServoModel } from '../../../../native/servos/dynamixel2/sim/servo-model';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';

const opened: { bus: DynamixelBus; sim: DynamixelBusSimulator; host: LoopbackTransport }[] = [];

function rig(servos: [number, string][], supplyV: number) {
  const [host, device] = createLoopbackPair('x-series', 1_000_000);
  const models = servos.map(([id, name]) => new ServoModel({ id, table: xSeriesTable(name)! }));
  const sim = new DynamixelBusSimulator(device, models, { autoStart: false, supplyV, seed: 8 });
  const bus = new DynamixelBus(host, { latencyMarginMs: 25 });
  opened.push({ bus, sim, host });
  return { bus, sim };
}

afterEach(async () => {
  for (const { bus, sim, host } of opened.splice(0)) {
    bus.close();
    sim.close();
    await host.close();
  }
});

describe('the Dynamixel 2.0 simulator hosts any X model from the tables', () => {
  it('answers a broadcast ping with each model’s own number, which detects the model', async () => {
    const { bus } = rig(
      [
        [1, 'XL430-W250'],
        [3, 'XL330-M288'],
        [7, 'XM540-W270'],
      ],
      12,
    );
    const found = await bus.broadcastPing({ windowMs: 40 });
    expect(found.map((p) => [p.id, p.modelNumber, dynamixel2Model(p.modelNumber).name])).toEqual([
      [1, 1060, 'XL430-W250'],
      [3, 1200, 'XL330-M288'],
      [7, 1120, 'XM540-W270'],
    ]);
  });

  it('runs an XL330-M288 on 5 V: reaches its goal, reports current in 1 mA steps, no error', async () => {
    // Its factory P gain (400) is half an XM430's, so gearbox friction leaves a few pulses more.
    const { bus, sim } = rig([[3, 'XL330-M288']], 5);
    await bus.write(3, 64, Uint8Array.of(1));
    await bus.write(3, 116, encodeUint(2048 + 600, 4));
    sim.run(2);
    const [state] = await bus.syncRead(124, 23, [3]);
    const view = new DataView(state!.data.buffer, state!.data.byteOffset);
    expect(Math.abs(view.getInt32(8, true) - 2648)).toBeLessThanOrEqual(25);
    expect(view.getInt32(4, true)).toBe(0); // settled
    expect(view.getUint16(20, true)).toBeGreaterThanOrEqual(45); // ≈ 5 V, sagging a little
    expect(sim.servo(3)?.hardwareError).toBe(0);
    // Holding against a push draws current; 1 raw step is 1 mA on the XL330.
    Object.assign(sim.servo(3)!.physics.load, { gravityNm: 0.2, gravityZeroRad: 0 });
    sim.run(1);
    const raw = Math.abs(sim.servo(3)?.get('presentCurrent') ?? 0);
    expect(raw).toBeGreaterThan(100);
    expect(raw / 1000).toBeCloseTo(Math.abs(sim.servo(3)!.physics.currentA), 2);
  });

  it('latches Input Voltage on an XL330 fed 12 V (its limit is 7.0 V)', async () => {
    const { bus, sim } = rig([[3, 'XL330-M288']], 12);
    sim.run(0.05);
    expect((await bus.ping(3)).alert).toBe(true);
    const status = await bus.read(3, 70, 1);
    expect((status.data[0] ?? 0) & HardwareErrorBit.InputVoltage).toBeTruthy();
  });

  it('an XL430-W250 reports Present Load (0.1 %) and has no Goal Current to write', async () => {
    const { bus, sim } = rig([[1, 'XL430-W250']], 12);
    // Gravity at its strongest with the joint at its centre.
    Object.assign(sim.servo(1)!.physics.load, { gravityNm: 0.6, gravityZeroRad: -Math.PI / 2 });
    await bus.write(1, 64, Uint8Array.of(1));
    sim.run(1);
    const load = await bus.read(1, 126, 2);
    const value = new DataView(load.data.buffer, load.data.byteOffset).getInt16(0, true);
    expect(Math.abs(value)).toBeGreaterThan(100);
    expect(Math.abs(value)).toBeLessThanOrEqual(1000);
    const write = bus.write(1, 102, encodeUint(10, 2));
    await expect(write).rejects.toBeInstanceOf(DynamixelStatusError);
    await expect(write).rejects.toMatchObject({ code: StatusErrorCode.AccessError });
  });
});
