import { afterEach, describe, expect, it } from 'vitest';
import { FeetechBus } from '../../../../native/servos/feetech/bus';
import { writeEeprom } from '../../../../native/servos/feetech/eeprom-write';
import { SCS0009, STS3215 } from '../../../../native/servos/feetech/models';
import { FeetechBusSimulator } from '../../../../native/servos/feetech/sim/feetech-bus-simulator';
import { FeetechServoModel } from '../../../../native/servos/feetech/sim/feetech-servo-model';
import { FeetechStatusBit } from '../../../../native/servos/feetech/status';
import {
  ServoArgumentError,
  ServoTimeoutError,
} from '../../../../native/servos/transaction/errors';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';
import type { FeetechControlTable } from '../../../../native/servos/feetech/control-table';

const opened: { bus: FeetechBus; sim: FeetechBusSimulator; host: LoopbackTransport }[] = [];

function rig(ids: number[], table: FeetechControlTable = STS3215) {
  const [host, device] = createLoopbackPair('feetech', 1_000_000);
  const servos = ids.map((id) => new FeetechServoModel({ id, table }));
  const sim = new FeetechBusSimulator(device, servos, { autoStart: false, supplyV: 7.4, seed: 3 });
  const bus = new FeetechBus(host, { latencyMarginMs: 25 });
  opened.push({ bus, sim, host });
  return { bus, sim, regs: table.registers };
}

/** Broadcasts get no reply: let the simulator take them off the wire before stepping it. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

afterEach(async () => {
  for (const { bus, sim, host } of opened.splice(0)) {
    bus.close();
    sim.close();
    await host.close();
  }
});

describe('FeetechBus ↔ STS3215 simulator', () => {
  it('pings, finds every servo by broadcast ping, and identifies the model', async () => {
    const { bus } = rig([1, 2, 3, 4, 5, 6]);
    await expect(bus.ping(4)).resolves.toEqual({ id: 4, status: 0 });
    expect((await bus.broadcastPing({ windowMs: 40 })).map((p) => p.id)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const who = await bus.identify(6);
    expect([who.model.name, who.model.modelNumber, who.firmware]).toEqual(['STS3215', 777, '3.10']);
    await expect(bus.ping(9)).rejects.toBeInstanceOf(ServoTimeoutError);
  });

  it('moves to a goal written in its own units and reports it with sync read', async () => {
    const { bus, sim, regs } = rig([1, 2, 3]);
    const goal = regs.item('goalPosition');
    await bus.write(2, regs.item('torqueEnable').address, Uint8Array.of(1));
    await bus.write(2, goal.address, regs.encode(goal, 3000));
    sim.run(2);
    const replies = await bus.syncRead(56, 8, [1, 2, 3]);
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]);
    const position = (data: Uint8Array) => regs.decode(regs.item('presentPosition'), data, 0);
    expect(position(replies[0]!.data)).toBe(2048);
    expect(Math.abs(position(replies[1]!.data) - 3000)).toBeLessThanOrEqual(3);
    expect(regs.toSi(regs.item('presentVoltage'), replies[1]!.data[6] ?? 0)).toBeCloseTo(7.4, 0);
  });

  it('moves all servos with one sync write, including negative goals (bit-15 sign)', async () => {
    const { bus, sim, regs } = rig([1, 2]);
    const goal = regs.item('goalPosition');
    await bus.syncWrite(
      40,
      1,
      [1, 2].map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    await bus.syncWrite(42, 2, [
      { id: 1, data: regs.encode(goal, 1000) },
      { id: 2, data: regs.encode(goal, 2500) },
    ]);
    await settle();
    sim.run(2.5);
    const [a, b] = await bus.syncRead(56, 2, [1, 2]);
    expect(Math.abs(regs.decode(regs.item('presentPosition'), a!.data) - 1000)).toBeLessThanOrEqual(
      3,
    );
    expect(Math.abs(regs.decode(regs.item('presentPosition'), b!.data) - 2500)).toBeLessThanOrEqual(
      3,
    );
    // Velocity mode: a negative goal velocity turns the other way.
    await bus.write(1, 40, Uint8Array.of(0));
    await bus.write(1, regs.item('operatingMode').address, Uint8Array.of(1));
    await bus.write(1, 40, Uint8Array.of(1));
    await bus.write(1, 46, regs.encode(regs.item('goalVelocity'), -800));
    sim.run(1);
    const speed = await bus.read(1, 58, 2);
    expect(speed.data[1]! & 0x80).toBe(0x80);
    expect(regs.decode(regs.item('presentVelocity'), speed.data)).toBeLessThan(-600);
  });

  it('reg write waits for action; at response level 0 writes get no reply but still apply', async () => {
    const { bus, sim, regs } = rig([1]);
    await bus.write(1, 40, Uint8Array.of(1));
    await bus.regWrite(1, 42, regs.encode(regs.item('goalPosition'), 2600));
    expect(sim.servo(1)?.regs.get('asyncWriteFlag')).toBe(1);
    sim.run(0.5);
    expect(sim.servo(1)?.regs.get('presentPosition')).toBe(2048);
    await bus.action();
    await settle();
    sim.run(1.5);
    expect(Math.abs((sim.servo(1)?.regs.get('presentPosition') ?? 0) - 2600)).toBeLessThanOrEqual(
      3,
    );

    await bus.write(1, regs.item('responseStatusLevel').address, Uint8Array.of(0));
    const quiet = new FeetechBus(bus.transport, { responseLevel: 0 });
    bus.close();
    await expect(
      quiet.write(1, 42, regs.encode(regs.item('goalPosition'), 2048)),
    ).resolves.toBeUndefined();
    expect((await quiet.read(1, 42, 2)).data).toEqual(regs.encode(regs.item('goalPosition'), 2048));
    quiet.close();
  });

  it('keeps an EEPROM change across a power cycle only when written unlocked', async () => {
    const { bus, sim, regs } = rig([1]);
    const limit = regs.item('maxTemperatureLimit');
    await bus.write(1, limit.address, Uint8Array.of(60)); // Lock is 1 at power-up
    expect((await bus.read(1, limit.address, 1)).data[0]).toBe(60);
    sim.powerCycle();
    expect((await bus.read(1, limit.address, 1)).data[0]).toBe(70);

    const result = await writeEeprom(bus, STS3215, 1, { maxTemperatureLimit: 60, id: 7 });
    expect(result).toEqual({ id: 7, written: ['maxTemperatureLimit', 'id'] });
    expect((await bus.read(7, regs.item('lock').address, 1)).data[0]).toBe(1);
    sim.powerCycle();
    expect((await bus.read(7, limit.address, 1)).data[0]).toBe(60);
    await expect(bus.ping(1)).rejects.toBeInstanceOf(ServoTimeoutError);
  });

  it('refuses EEPROM values the servo would silently take, and a baud change before other items', async () => {
    const { bus } = rig([1]);
    await expect(writeEeprom(bus, STS3215, 1, { homingOffset: 5000 })).rejects.toThrow(
      ServoArgumentError,
    );
    await expect(writeEeprom(bus, STS3215, 1, { baudRate: 4, id: 2 })).rejects.toThrow(
      /Baud Rate last/,
    );
    expect(bus.counters.tx).toBe(0);
  });

  it('answers a write of the ID from the old id, and Reset brings back id 1 and factory values', async () => {
    const { bus, sim, regs } = rig([5]);
    await bus.write(5, regs.item('lock').address, Uint8Array.of(0));
    await expect(bus.write(5, regs.item('id').address, Uint8Array.of(9))).resolves.toEqual({
      id: 5,
      status: 0,
    });
    await bus.write(9, regs.item('maxTemperatureLimit').address, Uint8Array.of(55));
    await expect(bus.reset(9)).resolves.toEqual({ id: 9, status: 0 });
    expect(sim.servo(1)).toBeDefined();
    expect((await bus.read(1, regs.item('maxTemperatureLimit').address, 1)).data[0]).toBe(70);
  });

  it('Present Position is the actual position minus Homing Offset; torque 128 re-centres', async () => {
    const { bus, sim, regs } = rig([1]);
    const offset = regs.item('homingOffset');
    await bus.write(1, offset.address, regs.encode(offset, -500));
    sim.run(0.05);
    expect(sim.servo(1)?.regs.get('presentPosition')).toBe(2548);
    sim.setExternalHand(1, 0.5);
    sim.run(1);
    sim.setExternalHand(1, null);
    await bus.write(1, 40, Uint8Array.of(128));
    sim.run(0.05);
    expect(sim.servo(1)?.regs.get('presentPosition')).toBe(2048);
    expect(sim.servo(1)?.regs.get('torqueEnable')).toBe(0);
  });

  it('reports overheating in every status byte and drops torque (Unloading Condition)', async () => {
    const { bus, sim } = rig([1, 2]);
    await bus.syncWrite(
      40,
      1,
      [1, 2].map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    await settle();
    sim.injectFault({ name: 'overheating', id: 2, magnitude: 3 });
    for (let i = 0; i < 60 && (sim.servo(2)?.status ?? 0) === 0; i++) sim.run(5);
    const [one, two] = await bus.syncRead(56, 2, [1, 2]);
    expect(one?.status).toBe(0);
    expect(two!.status & FeetechStatusBit.Temperature).toBe(FeetechStatusBit.Temperature);
    expect(sim.servo(2)?.torqueOn).toBe(false);
    expect((await bus.ping(2)).status & FeetechStatusBit.Temperature).toBeTruthy();
  });
});

describe('FeetechBus ↔ SCS0009 simulator (big-endian, no Sync Read)', () => {
  it('stays silent to broadcast ping and sync read, and speaks big-endian', async () => {
    const { bus, sim, regs } = rig([3], SCS0009);
    expect(await bus.broadcastPing({ windowMs: 30 })).toEqual([]);
    await expect(bus.syncRead(56, 2, [3])).rejects.toBeInstanceOf(ServoTimeoutError);
    const who = await bus.identify(3);
    expect([who.model.name, who.byteOrder]).toEqual(['SCS0009', 'big']);
    await bus.write(3, 40, Uint8Array.of(1));
    await bus.write(3, 42, Uint8Array.of(0x02, 0xbc)); // 700, high byte first
    sim.run(2);
    const position = await bus.read(3, 56, 2);
    expect(
      Math.abs(regs.decode(regs.item('presentPosition'), position.data) - 700),
    ).toBeLessThanOrEqual(3);
  });
});
