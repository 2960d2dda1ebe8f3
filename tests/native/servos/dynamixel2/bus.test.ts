import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';
import { DynamixelBus, type TrafficEvent } from '../../../../native/servos/dynamixel2/bus';
import {
  DynamixelStatusError,
  DynamixelTimeoutError,
} from '../../../../native/servos/dynamixel2/bus-errors';
import { decodeUint, encodeUint } from '../../../../native/servos/dynamixel2/bytes';
import { XM430_W350 } from '../../../../native/servos/dynamixel2/control-table';
import {
  decodeDiagnostics,
  DIAGNOSTICS_ADDRESS,
  DIAGNOSTICS_LENGTH,
} from '../../../../native/servos/dynamixel2/diagnostics';
import { HardwareErrorBit, StatusErrorCode } from '../../../../native/servos/dynamixel2/errors';
import { encodeStatusPacket } from '../../../../native/servos/dynamixel2/packet';
import type { DynamixelBusSimulator } from '../../../../native/servos/dynamixel2/sim/bus-simulator';
import {
  createOpenManipulatorX,
  OPEN_MANIPULATOR_X_BAUD,
} from '../../../../native/robots/sim/open-manipulator-x';

const IDS = [11, 12, 13, 14, 15];
const addr = (key: string): number => XM430_W350.item(key).address;

let host: LoopbackTransport;
let device: LoopbackTransport;
let sim: DynamixelBusSimulator;
let bus: DynamixelBus;

beforeEach(() => {
  [host, device] = createLoopbackPair('omx', OPEN_MANIPULATOR_X_BAUD);
  sim = createOpenManipulatorX(device, { autoStart: false, seed: 5 });
  bus = new DynamixelBus(host, { latencyMarginMs: 15 });
});

afterEach(async () => {
  bus.close();
  sim.close();
  await host.close();
});

async function torque(id: number, on: boolean): Promise<void> {
  await bus.write(id, addr('torqueEnable'), Uint8Array.of(on ? 1 : 0));
}

describe('DynamixelBus ↔ OpenManipulator-X simulator over a loopback pair', () => {
  it('pings one servo and finds all five with a broadcast ping', async () => {
    await expect(bus.ping(11)).resolves.toMatchObject({ id: 11, modelNumber: 1020, alert: false });
    const found = await bus.broadcastPing({ windowMs: 40 });
    expect(found.map((p) => p.id)).toEqual(IDS);
  });

  it('reads the 23-byte diagnostics block for all five with Sync Read and Fast Sync Read', async () => {
    sim.run(0.5);
    const sync = await bus.syncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS, {
      priority: 'poll',
    });
    const fast = await bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS, {
      priority: 'poll',
    });
    for (const results of [sync, fast]) {
      expect(results.map((r) => r.id)).toEqual(IDS);
      for (const r of results) {
        const d = decodeDiagnostics(r.data);
        expect(d.voltageV).toBeGreaterThan(11);
        expect(d.voltageV).toBeLessThanOrEqual(12);
        expect(d.temperatureC).toBe(25);
        expect(Math.abs(d.positionRad - Math.PI)).toBeLessThan(0.1);
      }
    }
    expect(Array.from(fast[2]?.data ?? [])).toEqual(Array.from(sync[2]?.data ?? []));
  });

  it('moves joints with Sync Write and tracks the goal under load', async () => {
    for (const id of IDS) await torque(id, true);
    const goal = 2048 + 400;
    await bus.syncWrite(
      addr('goalPosition'),
      4,
      IDS.map((id) => ({ id, data: encodeUint(goal, 4) })),
    );
    // Sync Write gets no reply. The simulator handles packets in order, so once a read of every
    // goal has been answered the write has landed (a fixed sleep lost that race on a busy machine).
    for (const id of IDS)
      expect(decodeUint((await bus.read(id, addr('goalPosition'), 4)).data, 0, 4)).toBe(goal);
    sim.run(3);
    const results = await bus.bulkRead(
      IDS.map((id) => ({ id, address: DIAGNOSTICS_ADDRESS, length: DIAGNOSTICS_LENGTH })),
    );
    for (const r of results) expect(Math.abs(decodeUint(r.data, 8, 4) - goal)).toBeLessThan(40);
    // The shoulder holds the arm against gravity, so it draws current; the base yaw does not need to.
    const shoulder = decodeDiagnostics(results[1]?.data ?? new Uint8Array(23));
    expect(Math.abs(shoulder.currentA)).toBeGreaterThan(0.05);
  });

  it('refuses an EEPROM write with torque on (Access Error) and does not retry it', async () => {
    await torque(12, true);
    const retriesBefore = bus.counters.retries;
    const error = await bus
      .write(12, addr('temperatureLimit'), Uint8Array.of(70))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamixelStatusError);
    expect((error as DynamixelStatusError).code).toBe(StatusErrorCode.AccessError);
    expect((error as DynamixelStatusError).human.ja).toMatch(/トルク/);
    expect(bus.counters.retries).toBe(retriesBefore);
    await torque(12, false);
    await expect(bus.write(12, addr('temperatureLimit'), Uint8Array.of(70))).resolves.toMatchObject(
      { id: 12 },
    );
  });

  it('latches overheating, drops torque and keeps it off until Reboot', async () => {
    await torque(13, true);
    sim.injectFault({ name: 'overheating', id: 13, magnitude: 1 });
    sim.run(200);
    const hw = (await bus.read(13, addr('hardwareErrorStatus'), 1)).data[0] ?? 0;
    expect(hw & HardwareErrorBit.Overheating).toBeTruthy();
    expect((await bus.read(13, addr('torqueEnable'), 1)).data[0]).toBe(0);
    expect((await bus.ping(13)).alert).toBe(true);
    const refused = await bus
      .write(13, addr('torqueEnable'), Uint8Array.of(1))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DynamixelStatusError);
    // Cooling down does not clear the latch…
    sim.faults.remove('overheating', 13);
    sim.run(90);
    expect((await bus.read(13, addr('hardwareErrorStatus'), 1)).data[0]).toBe(hw);
    // …only a reboot does.
    await bus.reboot(13);
    await new Promise((r) => setTimeout(r, 5));
    expect((await bus.read(13, addr('hardwareErrorStatus'), 1)).data[0]).toBe(0);
    expect((await bus.ping(13)).alert).toBe(false);
    await expect(torque(13, true)).resolves.toBeUndefined();
  });

  it('retries a missing reply, then gives up with a typed timeout', async () => {
    sim.dropNextReplies(14, 1);
    const ok = await bus.read(14, addr('presentTemperature'), 1);
    expect(ok.data[0]).toBe(25);
    expect(bus.counters).toMatchObject({ timeouts: 1, retries: 1 });

    sim.dropNextReplies(14, 10);
    const error = await bus.read(14, addr('presentTemperature'), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamixelTimeoutError);
    expect(error).toMatchObject({ missingIds: [14], attempts: 3 });
    expect(bus.counters.timeouts).toBe(4);

    // A sync read retries only the servo that stayed silent.
    sim.dropNextReplies(14, 0);
    sim.dropNextReplies(12, 1);
    const all = await bus.syncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS);
    expect(all.map((r) => r.id)).toEqual(IDS);
  });

  it('ignores stale bytes and replies that do not match the request', async () => {
    // A late 4-byte reply from servo 11 and half a packet of noise are already on the wire.
    await device.write(encodeStatusPacket(11, 0, [1, 2, 3, 4]));
    await device.write(Uint8Array.of(0xff, 0xff, 0xfd, 0x00, 0x0b, 0x20));
    await new Promise((r) => setImmediate(r));
    const r = await bus.read(11, addr('presentTemperature'), 1);
    expect(Array.from(r.data)).toEqual([25]);
    expect(bus.counters.garbageBytes).toBeGreaterThan(0);
  });

  it('sends an emergency command ahead of queued polls', async () => {
    const sent: TrafficEvent[] = [];
    bus.onTraffic((e) => {
      if (e.direction === 'tx') sent.push(e);
    });
    const polls = Array.from({ length: 5 }, () =>
      bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, IDS, { priority: 'poll' }),
    );
    const stop = bus.write(0xfe, addr('torqueEnable'), Uint8Array.of(0), { priority: 'emergency' });
    await Promise.all([...polls, stop]);
    const order = sent.map((e) => e.summary.split(' ')[0]);
    expect(order[0]).toBe('FastSyncRead'); // already on the wire
    expect(order[1]).toBe('Write');
    expect(order.slice(2)).toEqual(Array(4).fill('FastSyncRead'));
  });

  it('keeps working over a degraded link and counts what went wrong', async () => {
    sim.injectFault({ name: 'link_degradation', id: 12, magnitude: 0.6 });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => bus.read(12, addr('presentTemperature'), 1)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThan(20);
    expect(bus.counters.timeouts + bus.counters.crcErrors).toBeGreaterThan(0);
    expect(sim.stats.droppedReplies + sim.stats.corruptedReplies).toBeGreaterThan(0);
  });

  it('answers raw packets for the console and reports a CRC error to a damaged instruction', async () => {
    const raw = await bus.sendRaw(
      Uint8Array.of(0xff, 0xff, 0xfd, 0x00, 0x0b, 0x03, 0x00, 0x01, 0x00, 0x00),
      { windowMs: 30 },
    );
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ id: 11, error: StatusErrorCode.CrcError });
  });

  it('moves a joint by hand while torque is off (teaching)', async () => {
    sim.setExternalHand(11, 0.5);
    sim.run(2);
    const position = XM430_W350.toSi(
      XM430_W350.item('presentPosition'),
      decodeUint((await bus.read(11, addr('presentPosition'), 4)).data, 0, 4),
    );
    expect(position - Math.PI).toBeCloseTo(0.5, 1);
  });
});
