import { afterEach, describe, expect, it } from 'vitest';
import { DynamixelBus } from '../../../../native/servos/dynamixel2/bus';
import { encodeUint } from '../../../../native/servos/dynamixel2/bytes';
import {
  dynamixel2Model,
  xSeriesTable,
} from '../../../../native/servos/dynamixel2/x-series-models';
import { DynamixelBusSimulator } from '../../../../native/servos/dynamixel2/sim/bus-simulator';
import { ServoModel } from '../../../../native/servos/dynamixel2/sim/servo-model';
import { SerialPortTransport } from '../../../../native/transport/serial-port-transport';
import { startPtyPair } from '../../../helpers/socat-pair';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A Koch v1.1 follower's bus: ids 1–2 XL430-W250, ids 3–6 XL330-M288, 1 Mbps. */
const KOCH: [number, string][] = [
  [1, 'XL430-W250'],
  [2, 'XL430-W250'],
  [3, 'XL330-M288'],
  [4, 'XL330-M288'],
  [5, 'XL330-M288'],
  [6, 'XL330-M288'],
];

describe('Dynamixel 2.0 simulator hosting X models over a socat PTY pair', () => {
  it('answers broadcast ping with model numbers, sync read and sync write', async () => {
    const pair = await startPtyPair(tempDir(), 'xseries');
    cleanup.push(() => pair.kill());
    const device = await SerialPortTransport.open(pair.device, 1_000_000);
    cleanup.push(() => device.close());
    const servos = KOCH.map(([id, model]) => new ServoModel({ id, table: xSeriesTable(model)! }));
    // Inside both models' limits (XL430 ≥ 6.0 V, XL330 ≤ 7.0 V), with a stiff supply.
    const sim = new DynamixelBusSimulator(device, servos, {
      supplyV: 6.6,
      supplyResistanceOhm: 0.05,
    });
    cleanup.push(() => sim.close());
    const host = await SerialPortTransport.open(pair.app, 1_000_000);
    cleanup.push(() => host.close());
    const bus = new DynamixelBus(host);
    cleanup.push(() => bus.close());

    const found = await bus.broadcastPing();
    expect(found.map((p) => [p.id, dynamixel2Model(p.modelNumber).name])).toEqual(KOCH);
    const ids = KOCH.map(([id]) => id);
    await bus.syncWrite(
      64,
      1,
      ids.map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    const goals = [1900, 2300, 2048, 1600, 2500, 2100];
    await bus.syncWrite(
      116,
      4,
      ids.map((id, i) => ({ id, data: encodeUint(goals[i] ?? 2048, 4) })),
    );
    const deadline = Date.now() + 15_000;
    let positions: number[] = [];
    for (;;) {
      const replies = await bus.syncRead(132, 4, ids, { priority: 'poll' });
      positions = replies.map((r) =>
        new DataView(r.data.buffer, r.data.byteOffset).getInt32(0, true),
      );
      if (positions.every((p, i) => Math.abs(p - (goals[i] ?? 0)) <= 25) || Date.now() > deadline)
        break;
    }
    expect(positions.map((p, i) => Math.abs(p - (goals[i] ?? 0)) <= 25)).toEqual(
      ids.map(() => true),
    );
    const errors = await bus.syncRead(70, 1, ids);
    expect(errors.map((r) => r.data[0])).toEqual(ids.map(() => 0));
  });
});
