import { afterEach, describe, expect, it } from 'vitest';
import { ModbusRtuClient } from '../../../../native/modbus/client';
import type { ModbusExceptionError } from '../../../../native/modbus/errors';
import { ModbusTimeoutError } from '../../../../native/modbus/errors';
import { encodeAdu } from '../../../../native/modbus/frame';
import { GripperFaultError, Robotiq2F85 } from '../../../../native/grippers/robotiq/gripper-2f85';
import type { GripperStatus } from '../../../../native/grippers/robotiq/status';
import {
  Robotiq2F85Sim,
  type Robotiq2F85SimOptions,
} from '../../../../native/grippers/robotiq/sim/gripper-2f85-sim';
import { createLoopbackPair } from '../../../../native/transport/loopback-transport';
import { hexBytes, toHex } from '../../modbus/helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function rig(options: Robotiq2F85SimOptions & { slaveId?: number; clientSlaveId?: number } = {}) {
  const [host, device] = createLoopbackPair(`robotiq-${Math.random()}`, 115200);
  const sim = new Robotiq2F85Sim(device, { activationMs: 300, ...options });
  // Generous turnaround: two shared cores make event-loop delays of tens of ms possible.
  const client = new ModbusRtuClient(host, { turnaroundMs: 100 });
  const gripper = new Robotiq2F85(client, options.clientSlaveId);
  sim.start(5);
  cleanups.push(() => {
    sim.dispose();
    client.dispose();
    void host.close();
    void device.close();
  });
  return { host, device, sim, client, gripper };
}

/**
 * Sends raw bytes and collects what comes back: until `expectBytes` have arrived, or for the
 * whole window when silence is the expected answer. Generous because the cores are shared.
 */
async function raw(
  host: ReturnType<typeof rig>['host'],
  hex: string,
  expectBytes = 0,
  windowMs = 300,
): Promise<string> {
  const got: Buffer[] = [];
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (done = resolve));
  const off = host.onData((chunk) => {
    got.push(chunk);
    if (expectBytes > 0 && Buffer.concat(got).length >= expectBytes) done();
  });
  await host.write(hexBytes(hex));
  await Promise.race([enough, new Promise((resolve) => setTimeout(resolve, windowMs))]);
  off();
  return toHex(Uint8Array.from(Buffer.concat(got)));
}

describe('Robotiq 2F-85 driver against the simulator', () => {
  it('activates in about a second, reporting progress', async () => {
    const { gripper } = rig({ activationMs: 1000 });
    const seen: GripperStatus['activation'][] = [];
    const started = performance.now();
    const status = await gripper.activate({ onProgress: (s) => seen.push(s.activation) });
    expect(performance.now() - started).toBeGreaterThan(900);
    expect(status).toMatchObject({ activated: true, fault: null, activation: 'complete' });
    expect(seen).toContain('in_progress');
  });

  it('opens and closes with decoded status', async () => {
    const { gripper } = rig();
    await gripper.activate();
    await gripper.close();
    const closed = await gripper.waitForMotion();
    expect(closed).toMatchObject({
      objectDetected: 'reached',
      requestedPosition: 255,
      position: 227,
      openFraction: 0,
      moving: false,
    });
    await gripper.moveTo({ openFraction: 0.5, speed: 255 });
    const mid = await gripper.waitForMotion();
    expect(mid.openFraction).toBeCloseTo(0.5, 1);
    await gripper.open({ speed: 128, force: 10 });
    const during = await gripper.readStatus();
    expect(during.moving).toBe(true);
    expect(during.currentA).toBeGreaterThan(0);
    const open = await gripper.waitForMotion();
    expect(open).toMatchObject({
      objectDetected: 'reached',
      openFraction: 1,
      requestedPosition: 0,
    });
  });

  it('detects an object, outside and inside the fingers, and grips with current', async () => {
    const { gripper, sim } = rig({ object: { widthMm: 40, grip: 'outer' } });
    await gripper.activate();
    await gripper.close({ force: 255 });
    const gripped = await gripper.waitForMotion();
    expect(gripped.objectDetected).toBe('outer');
    expect(gripped.position).toBeGreaterThan(110);
    expect(gripped.position).toBeLessThan(130);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await gripper.readStatus()).currentA).toBeGreaterThan(0.4);

    sim.setObject({ widthMm: 60, grip: 'inner' });
    await gripper.open();
    expect((await gripper.waitForMotion()).objectDetected).toBe('inner');
  });

  it('stops the fingers where they are', async () => {
    const { gripper } = rig();
    await gripper.activate();
    await gripper.close({ speed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gripper.stop();
    const a = await gripper.readStatus();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const b = await gripper.readStatus();
    expect(b.goRequested).toBe(false);
    expect(b.position).toBe(a.position);
    expect(b.position).toBeGreaterThan(3);
  });

  it('decodes faults: priority before activation, overtemperature, undervoltage cleared by reactivation', async () => {
    const { gripper, sim, client } = rig();
    // rGTO without rACT: the gripper must be activated first.
    await client.writeMultipleRegisters(9, 0x03e8, [0x0800, 0x00ff], { priority: 'user' });
    expect((await gripper.readStatus()).fault?.code).toBe(0x07);
    // A move sent with rACT starts activation and is delayed until it completes.
    await gripper.close();
    expect((await gripper.readStatus()).fault?.code).toBe(0x05);
    expect((await gripper.waitForMotion()).objectDetected).toBe('reached');

    await gripper.activate();
    sim.injectFault('overtemperature');
    await gripper.close();
    const hot = await gripper.readStatus();
    expect(hot.fault).toMatchObject({ code: 0x08 });
    expect(hot.fault?.ja).toContain('温度');
    await expect(gripper.waitForMotion()).rejects.toBeInstanceOf(GripperFaultError);
    sim.clearFault('overtemperature');

    sim.injectFault('undervoltage');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await gripper.readStatus()).fault?.code).toBe(0x0a);
    await expect(gripper.activate()).rejects.toBeInstanceOf(GripperFaultError);
    sim.clearFault('undervoltage');
    expect((await gripper.activate()).fault).toBeNull();
  });

  it('times out with retries when the gripper stops answering, and recovers', async () => {
    const { gripper, sim, client } = rig();
    await gripper.activate();
    sim.injectFault('no_communication');
    await expect(gripper.readStatus()).rejects.toBeInstanceOf(ModbusTimeoutError);
    expect(client.counters).toMatchObject({ timeouts: 3, retries: 2 });
    sim.clearFault('no_communication');
    expect((await gripper.readStatus()).activated).toBe(true);
  });

  it('rides through line noise with retries and resync', async () => {
    const { gripper, sim, client } = rig({ seed: 3, lineNoiseRate: 0.4 });
    await gripper.activate();
    sim.injectFault('line_noise');
    for (let i = 0; i < 30; i++) expect((await gripper.readStatus()).activated).toBe(true);
    const { crcErrors, discardedBytes } = client.counters;
    expect(crcErrors + discardedBytes).toBeGreaterThan(0);
  });

  it('a wrong slave id gets a timeout', async () => {
    const { gripper, sim } = rig({ clientSlaveId: 10 });
    await expect(gripper.readStatus()).rejects.toBeInstanceOf(ModbusTimeoutError);
    expect(sim.slaveStats.ignored).toBeGreaterThan(0);
  });

  it('a baud mismatch finds nothing', async () => {
    const { gripper, device } = rig();
    await device.setBaudRate(57600);
    await expect(gripper.readStatus()).rejects.toBeInstanceOf(ModbusTimeoutError);
  });

  it('answers exceptions 1, 2 and 3 like the gripper', async () => {
    const { client, host } = rig();
    const err = await client.readCoils(9, 0, 8, { priority: 'user' }).catch((e: unknown) => e);
    expect((err as ModbusExceptionError).exception.code).toBe(1);
    await expect(client.readInputRegisters(9, 0, 3, { priority: 'user' })).rejects.toMatchObject({
      exception: { code: 2 },
    });
    await expect(
      client.writeMultipleRegisters(9, 0x07d0, [1], { priority: 'user' }),
    ).rejects.toMatchObject({ exception: { code: 2 } });
    // Quantity 0 cannot be sent through the client; on the raw line it earns exception 3.
    const zero = encodeAdu(9, hexBytes('04 07 D0 00 00'));
    expect(await raw(host, toHex(zero), 5)).toMatch(/^09 84 03/);
  });

  it('speaks the manual’s bytes and ignores broken frames', async () => {
    const { host } = rig();
    expect(await raw(host, '09 10 03 E8 00 03 06 00 00 00 00 00 00 73 30', 8)).toBe(
      '09 10 03 E8 00 03 01 30',
    );
    expect(await raw(host, '09 03 07 D0 00 01 85 CF', 7)).toBe('09 03 02 00 00 59 85');
    expect(await raw(host, '09 03 07 D0 00 01 85 CE')).toBe('');
    expect(await raw(host, '0A 03 07 D0 00 01 85 CF')).toBe('');
  });
});
