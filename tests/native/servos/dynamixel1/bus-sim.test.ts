import { afterEach, describe, expect, it } from 'vitest';
import { Dynamixel1Bus, Dynamixel1StatusError } from '../../../../native/servos/dynamixel1/bus';
import { encodeFrame } from '../../../../native/servos/checksum-packet/packet';
import { AX_12A, MX_64_P1 } from '../../../../native/servos/dynamixel1/models';
import { Dynamixel1BusSimulator } from '../../../../native/servos/dynamixel1/sim/dynamixel1-bus-simulator';
import { Dynamixel1ServoModel } from '../../../../native/servos/dynamixel1/sim/dynamixel1-servo-model';
import { Dynamixel1ErrorBit } from '../../../../native/servos/dynamixel1/status';
import { ServoTimeoutError } from '../../../../native/servos/transaction/errors';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';
import type { Dynamixel1ControlTable } from '../../../../native/servos/dynamixel1/control-table';

const opened: { bus: Dynamixel1Bus; sim: Dynamixel1BusSimulator; host: LoopbackTransport }[] = [];
const le16 = (v: number) => Uint8Array.of(v & 0xff, v >> 8);
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

function rig(servos: [number, Dynamixel1ControlTable][]) {
  const [host, device] = createLoopbackPair('dxl1', 1_000_000);
  const sim = new Dynamixel1BusSimulator(
    device,
    servos.map(([id, table]) => new Dynamixel1ServoModel({ id, table })),
    { autoStart: false, seed: 4 },
  );
  const bus = new Dynamixel1Bus(host, { latencyMarginMs: 25 });
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

describe('Dynamixel1Bus ↔ AX/MX simulator', () => {
  it('pings and identifies each model by reading its Model Number', async () => {
    const { bus } = rig([
      [1, AX_12A],
      [2, MX_64_P1],
    ]);
    await expect(bus.ping(1)).resolves.toEqual({ id: 1, hardwareError: 0 });
    const ax = await bus.identify(1);
    const mx = await bus.identify(2);
    expect([ax.model.name, ax.model.modelNumber, mx.model.name, mx.model.modelNumber]).toEqual([
      'AX-12A',
      12,
      'MX-64',
      310,
    ]);
  });

  it('moves an AX (300° over 1024 steps) and an MX (4096 a turn) to their goals', async () => {
    const { bus, sim } = rig([
      [1, AX_12A],
      [2, MX_64_P1],
    ]);
    await bus.syncWrite(
      24,
      1,
      [1, 2].map((id) => ({ id, data: Uint8Array.of(1) })),
    );
    await bus.syncWrite(30, 2, [
      { id: 1, data: le16(700) },
      { id: 2, data: le16(3000) },
    ]);
    await settle();
    sim.run(2);
    const ax = await bus.read(1, 36, 2);
    const [mx] = await bus.bulkRead([{ id: 2, address: 36, length: 8 }]);
    expect(
      Math.abs(AX_12A.registers.decode(AX_12A.registers.item('presentPosition'), ax.data) - 700),
    ).toBeLessThanOrEqual(4);
    expect(
      Math.abs(
        MX_64_P1.registers.decode(MX_64_P1.registers.item('presentPosition'), mx!.data) - 3000,
      ),
    ).toBeLessThanOrEqual(4);
    expect(
      MX_64_P1.registers.toSi(MX_64_P1.registers.item('presentVoltage'), mx!.data[6] ?? 0),
    ).toBeCloseTo(12, 0);
  });

  it('refuses bad writes with the right error bit, and the bus says so in words', async () => {
    const { bus } = rig([[1, AX_12A]]);
    await bus.write(1, 6, Uint8Array.from([...le16(200), ...le16(800)]));
    const limit = bus.write(1, 30, le16(900));
    await expect(limit).rejects.toBeInstanceOf(Dynamixel1StatusError);
    await expect(limit).rejects.toThrow(/Angle Limit/);
    await expect(bus.write(1, 36, le16(1))).rejects.toMatchObject({
      error: Dynamixel1ErrorBit.Range,
    });
    await expect(bus.action(1)).rejects.toMatchObject({ error: Dynamixel1ErrorBit.Instruction });
    // Lock: EEPROM refuses until a power cycle.
    await bus.write(1, 47, Uint8Array.of(1));
    await expect(bus.write(1, 3, Uint8Array.of(9))).rejects.toThrow(/Lock \(47\)/);
  });

  it('answers a damaged packet with Checksum Error and an unknown instruction with Instruction Error', async () => {
    const { bus } = rig([[1, AX_12A]]);
    const bad = encodeFrame(1, 0x02, [36, 2]);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x55;
    const [checksumReply] = await bus.sendRaw(bad, { windowMs: 40 });
    expect(checksumReply?.error).toBe(Dynamixel1ErrorBit.Checksum);
    const [syncRead] = await bus.sendRaw(encodeFrame(1, 0x82, [36, 2, 1]), { windowMs: 40 });
    expect(syncRead?.error).toBe(Dynamixel1ErrorBit.Instruction);
  });

  it('AX stays silent to Bulk Read, and stops the MX behind it from answering too', async () => {
    const { bus } = rig([
      [1, AX_12A],
      [2, MX_64_P1],
    ]);
    await expect(
      bus.bulkRead([
        { id: 1, address: 36, length: 2 },
        { id: 2, address: 36, length: 2 },
      ]),
    ).rejects.toBeInstanceOf(ServoTimeoutError);
    await expect(bus.bulkRead([{ id: 2, address: 36, length: 2 }])).resolves.toHaveLength(1);
  });

  it('Status Return Level 0 answers only Ping, level 1 also Read', async () => {
    const { bus, sim } = rig([[1, AX_12A]]);
    await bus.write(1, 16, Uint8Array.of(0));
    const quiet = new Dynamixel1Bus(bus.transport, {
      statusReturnLevel: 0,
      retries: 0,
      latencyMarginMs: 25,
    });
    bus.close();
    await expect(quiet.ping(1)).resolves.toMatchObject({ id: 1 });
    await expect(quiet.read(1, 36, 2)).rejects.toBeInstanceOf(ServoTimeoutError);
    await expect(quiet.write(1, 16, Uint8Array.of(1))).resolves.toBeUndefined();
    await settle();
    expect(sim.servo(1)?.statusReturnLevel).toBe(1);
    await expect(quiet.read(1, 43, 1)).resolves.toMatchObject({ data: Uint8Array.of(25) });
    quiet.close();
  });

  it('factory reset gives id 1 back; power cycle keeps EEPROM and clears Lock', async () => {
    const { bus, sim } = rig([[6, AX_12A]]);
    await bus.write(6, 11, Uint8Array.of(65));
    await bus.write(6, 47, Uint8Array.of(1));
    sim.powerCycle();
    expect((await bus.read(6, 11, 1)).data[0]).toBe(65);
    expect((await bus.read(6, 47, 1)).data[0]).toBe(0);
    await expect(bus.factoryReset(6)).resolves.toMatchObject({ id: 6 });
    expect((await bus.read(1, 11, 1)).data[0]).toBe(70);
  });

  it('an overload shuts the output off (Torque Limit 0) until Torque Limit is written again', async () => {
    const { bus, sim } = rig([[1, AX_12A]]);
    await bus.write(1, 24, Uint8Array.of(1));
    await bus.write(1, 30, le16(900));
    sim.injectFault({ name: 'overload', id: 1, magnitude: 2 });
    sim.run(4);
    const status = await bus.read(1, 34, 2);
    expect(status.hardwareError & Dynamixel1ErrorBit.Overload).toBe(Dynamixel1ErrorBit.Overload);
    expect(Array.from(status.data)).toEqual([0, 0]);
    sim.faults.clear();
    await bus.write(1, 34, le16(1023));
    sim.run(0.1);
    expect((await bus.ping(1)).hardwareError).toBe(0);
  });
});
