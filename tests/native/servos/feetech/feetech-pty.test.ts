import { afterEach, describe, expect, it } from 'vitest';
import { FeetechBus } from '../../../../native/servos/feetech/bus';
import { STS3215 } from '../../../../native/servos/feetech/models';
import { FeetechBusSimulator } from '../../../../native/servos/feetech/sim/feetech-bus-simulator';
import { FeetechServoModel } from '../../../../native/servos/feetech/sim/feetech-servo-model';
import { SerialPortTransport } from '../../../../native/transport/serial-port-transport';
import { startPtyPair } from '../../../helpers/socat-pair';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const IDS = [1, 2, 3, 4, 5, 6];
const regs = STS3215.registers;

/** Six STS3215 at 1 Mbps, as on an SO-101 arm, behind a real PTY and the serialport binding. */
async function so101Bus() {
  const pair = await startPtyPair(tempDir(), 'feetech');
  cleanup.push(() => pair.kill());
  const device = await SerialPortTransport.open(pair.device, 1_000_000);
  cleanup.push(() => device.close());
  const sim = new FeetechBusSimulator(
    device,
    IDS.map((id) => new FeetechServoModel({ id })),
    { supplyV: 7.4 },
  );
  cleanup.push(() => sim.close());
  const host = await SerialPortTransport.open(pair.app, 1_000_000);
  cleanup.push(() => host.close());
  const bus = new FeetechBus(host);
  cleanup.push(() => bus.close());
  return { bus, sim };
}

describe('Feetech STS3215 simulator over a socat PTY pair', () => {
  it('answers ping, broadcast ping, identify, read and write', async () => {
    const { bus } = await so101Bus();
    expect((await bus.broadcastPing()).map((p) => p.id)).toEqual(IDS);
    for (const id of IDS) {
      const who = await bus.identify(id);
      expect([who.id, who.model.name, who.model.modelNumber, who.status]).toEqual([
        id,
        'STS3215',
        777,
        0,
      ]);
    }
    const limit = regs.item('maxPositionLimit');
    expect(regs.decode(limit, (await bus.read(3, limit.address, 2)).data)).toBe(4095);
    await expect(
      bus.write(3, regs.item('acceleration').address, Uint8Array.of(50)),
    ).resolves.toEqual({ id: 3, status: 0 });
    expect((await bus.read(3, regs.item('acceleration').address, 1)).data[0]).toBe(50);
  });

  it('sync writes goals to six servos, sees them reached with sync read, then turns torque off', async () => {
    const { bus } = await so101Bus();
    const goal = regs.item('goalPosition');
    const targets = [1800, 2200, 2600, 1500, 3000, 2048];
    await bus.syncWrite(
      40,
      1,
      IDS.map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    await bus.syncWrite(
      42,
      2,
      IDS.map((id, i) => ({ id, data: regs.encode(goal, targets[i] ?? 2048) })),
    );
    const position = regs.item('presentPosition');
    const deadline = Date.now() + 15_000;
    let positions: number[] = [];
    let reads = 0;
    const started = performance.now();
    for (;;) {
      const replies = await bus.syncRead(56, 8, IDS, { priority: 'poll' });
      reads++;
      positions = replies.map((r) => regs.decode(position, r.data, 0));
      if (positions.every((p, i) => Math.abs(p - (targets[i] ?? 0)) <= 3) || Date.now() > deadline)
        break;
    }
    const elapsedMs = performance.now() - started;
    expect(positions.map((p, i) => Math.abs(p - (targets[i] ?? 0)) <= 3)).toEqual(
      IDS.map(() => true),
    );
    // A PTY has no line rate, so this can beat a real 1 Mbps line; both figures for the report.
    const wireBytes = 14 + 6 * 14;
    console.log(
      `feetech over PTY: ${reads} sync reads (6 servos × 8 B) in ${elapsedMs.toFixed(0)} ms = ${((reads * 1000) / elapsedMs).toFixed(0)}/s; the same ${wireBytes} bytes on a 1 Mbps line: at most ${(1e5 / wireBytes).toFixed(0)}/s plus 6 return delays`,
    );
    await bus.syncWrite(
      40,
      1,
      IDS.map((id) => ({ id, data: Uint8Array.of(0) })),
    );
    const torque = await bus.syncRead(40, 1, IDS);
    expect(torque.map((r) => r.data[0])).toEqual(IDS.map(() => 0));
  });
});
