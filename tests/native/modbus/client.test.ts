import { afterEach, describe, expect, it } from 'vitest';
import { ModbusRtuClient, type TrafficRecord } from '../../../native/modbus/client';
import {
  ModbusCrcError,
  ModbusExceptionError,
  ModbusTimeoutError,
} from '../../../native/modbus/errors';
import type { ModbusRequest } from '../../../native/modbus/functions';
import { ModbusRtuSlave, type SlaveReply } from '../../../native/modbus/slave';
import { createLoopbackPair } from '../../../native/transport/loopback-transport';
import { hexBytes } from './helpers';

/** A plain memory-mapped device: 100 coils and 100 registers from address 0. */
function memoryDevice() {
  const coils = new Array<boolean>(100).fill(false);
  const registers = new Array<number>(100).fill(0);
  const handle = (request: ModbusRequest): SlaveReply => {
    const count =
      'quantity' in request ? request.quantity : 'values' in request ? request.values.length : 1;
    if (request.address + count > 100) return { kind: 'exception', code: 2 };
    switch (request.fn) {
      case 'readCoils':
      case 'readDiscreteInputs':
        return {
          kind: 'ok',
          data: { bits: coils.slice(request.address, request.address + count) },
        };
      case 'readHoldingRegisters':
      case 'readInputRegisters':
        return {
          kind: 'ok',
          data: { registers: registers.slice(request.address, request.address + count) },
        };
      case 'writeSingleCoil':
        coils[request.address] = request.value;
        return { kind: 'ok' };
      case 'writeSingleRegister':
        if (request.value === 0xdead) return { kind: 'exception', code: 3 };
        registers[request.address] = request.value;
        return { kind: 'ok' };
      case 'writeMultipleCoils':
        request.values.forEach((v, i) => (coils[request.address + i] = v));
        return { kind: 'ok' };
      case 'writeMultipleRegisters':
        request.values.forEach((v, i) => (registers[request.address + i] = v));
        return { kind: 'ok' };
    }
  };
  return { coils, registers, handle };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(
  options: {
    unit?: number;
    slaveTurnaroundMs?: number;
    outgoing?: (adu: Uint8Array) => Uint8Array | undefined;
  } = {},
) {
  const [host, device] = createLoopbackPair(`client-${Math.random()}`, 115200);
  const memory = memoryDevice();
  const slave = new ModbusRtuSlave(device, {
    unit: options.unit ?? 5,
    handle: memory.handle,
    turnaroundMs: options.slaveTurnaroundMs ?? 1,
    ...(options.outgoing ? { outgoing: options.outgoing } : {}),
  });
  // Generous turnaround: two shared cores make event-loop delays of tens of ms possible.
  const client = new ModbusRtuClient(host, { turnaroundMs: 100 });
  cleanups.push(() => {
    client.dispose();
    slave.dispose();
    void host.close();
    void device.close();
  });
  return { host, device, memory, slave, client };
}

const user = { priority: 'user' } as const;

describe('ModbusRtuClient against a slave over a loopback pair', () => {
  it('round-trips every function code', async () => {
    const { client, memory } = setup();
    await client.writeSingleCoil(5, 3, true, user);
    await client.writeMultipleCoils(
      5,
      10,
      [true, false, true, true, false, false, true, true, true],
      user,
    );
    expect(await client.readCoils(5, 0, 20, user)).toEqual(memory.coils.slice(0, 20));
    expect(memory.coils[3]).toBe(true);
    expect(await client.readDiscreteInputs(5, 10, 3, user)).toEqual([true, false, true]);
    await client.writeSingleRegister(5, 7, 0xbeef, user);
    await client.writeMultipleRegisters(5, 20, [1, 2, 3, 0xffff], user);
    expect(await client.readHoldingRegisters(5, 20, 4, user)).toEqual([1, 2, 3, 0xffff]);
    expect(await client.readInputRegisters(5, 7, 1, user)).toEqual([0xbeef]);
    expect(client.counters).toMatchObject({ tx: 8, rx: 8, timeouts: 0, crcErrors: 0 });
  });

  it('raises exception replies with a readable message and never retries them', async () => {
    const { client } = setup();
    const error = await client.readHoldingRegisters(5, 98, 5, user).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModbusExceptionError);
    const exception = error as ModbusExceptionError;
    expect(exception.exception.code).toBe(2);
    expect(exception.exception.ja).toContain('アドレス');
    expect(exception.message).toMatch(/Illegal data address/);
    await expect(client.writeSingleRegister(5, 0, 0xdead, user)).rejects.toMatchObject({
      exception: { code: 3 },
    });
    expect(client.counters).toMatchObject({ tx: 2, exceptions: 2, retries: 0 });
  });

  it('times out with bounded retries when the device is silent', async () => {
    const { client, slave } = setup();
    slave.deaf = true;
    const started = performance.now();
    const error = await client
      .readInputRegisters(5, 0, 2, { priority: 'poll', timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModbusTimeoutError);
    expect((error as ModbusTimeoutError).attempts).toBe(3);
    expect(client.counters).toMatchObject({ tx: 3, timeouts: 3, retries: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(89);
    // The device comes back: the next call simply works.
    slave.deaf = false;
    expect(await client.readInputRegisters(5, 0, 2, user)).toEqual([0, 0]);
  });

  it('a wrong unit id gets a timeout, not somebody else’s reply', async () => {
    const { client, slave } = setup();
    await expect(
      client.readHoldingRegisters(6, 0, 1, { priority: 'user', timeoutMs: 20, retries: 0 }),
    ).rejects.toBeInstanceOf(ModbusTimeoutError);
    expect(slave.stats.ignored).toBe(1);
  });

  it('retries replies with a broken CRC, then reports the CRC problem', async () => {
    let corrupt = 2;
    const { client } = setup({
      outgoing: (adu) => {
        if (corrupt-- <= 0) return adu;
        const out = Uint8Array.from(adu);
        out[3] = (out[3] ?? 0) ^ 0x10;
        return out;
      },
    });
    expect(await client.readHoldingRegisters(5, 0, 2, { priority: 'user', timeoutMs: 40 })).toEqual(
      [0, 0],
    );
    expect(client.counters).toMatchObject({ crcErrors: 2, retries: 2 });
    corrupt = 10;
    await expect(
      client.readHoldingRegisters(5, 0, 2, { priority: 'user', timeoutMs: 40 }),
    ).rejects.toBeInstanceOf(ModbusCrcError);
  });

  it('discards the late reply of a timed-out transaction', async () => {
    const { client } = setup({ slaveTurnaroundMs: 60 });
    await expect(
      client.readHoldingRegisters(5, 0, 1, { priority: 'user', timeoutMs: 10, retries: 0 }),
    ).rejects.toBeInstanceOf(ModbusTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(client.counters.discardedBytes).toBe(7);
    // A different request now gets its own reply, not the stale one.
    expect(
      await client.readHoldingRegisters(5, 0, 3, { priority: 'user', timeoutMs: 500 }),
    ).toEqual([0, 0, 0]);
  });

  it('broadcasts writes to unit 0 without waiting for a reply', async () => {
    const { client, memory, slave } = setup();
    await client.writeSingleRegister(0, 4, 77, user);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(memory.registers[4]).toBe(77);
    expect(slave.stats.broadcasts).toBe(1);
    expect(client.counters).toMatchObject({ tx: 1, rx: 0, timeouts: 0 });
    await expect(client.readHoldingRegisters(0, 0, 1, user)).rejects.toThrow(/Broadcast/);
  });

  it('sends nothing for bad input and says why', async () => {
    const { client } = setup();
    await expect(client.readHoldingRegisters(5, 0, 200, user)).rejects.toThrow(/1–125/);
    await expect(client.readHoldingRegisters(300, 0, 1, user)).rejects.toThrow(/0–247/);
    expect(client.counters.tx).toBe(0);
  });

  it('taps traffic for a raw console', async () => {
    const { client } = setup();
    const records: TrafficRecord[] = [];
    const off = client.onTraffic((r) => records.push(r));
    await client.readHoldingRegisters(5, 0, 1, user);
    off();
    expect(records.map((r) => r.direction)).toEqual(['tx', 'rx']);
    expect(records[0]?.summary).toBe('unit 5 readHoldingRegisters @0 ×1');
    expect(Array.from(records[0]?.bytes ?? [])).toEqual(
      Array.from(hexBytes('05 03 00 00 00 01 85 8E')),
    );
    expect(records[1]?.summary).toMatch(/unit 5 readHoldingRegisters reply/);
    expect(records[1]?.at).toBeGreaterThan(0);
  });

  it('runs emergency work next, ahead of queued polls', async () => {
    const { client } = setup();
    const order: string[] = [];
    const polls = [1, 2, 3].map((n) =>
      client.readHoldingRegisters(5, n, 1, { priority: 'poll' }).then(() => order.push(`poll${n}`)),
    );
    const stop = client
      .writeSingleRegister(5, 0, 1, { priority: 'emergency' })
      .then(() => order.push('stop'));
    await Promise.all([...polls, stop]);
    expect(order[0]).toBe('poll1');
    expect(order[1]).toBe('stop');
  });

  it('waits t3.5 of silence between frames', async () => {
    const { client, device } = setup();
    const arrivals: number[] = [];
    device.onData(() => arrivals.push(performance.now()));
    await Promise.all([1, 2, 3].map((n) => client.readHoldingRegisters(5, n, 1, user)));
    for (let i = 1; i < arrivals.length; i++) {
      expect((arrivals[i] ?? 0) - (arrivals[i - 1] ?? 0)).toBeGreaterThanOrEqual(1.75);
    }
  });

  it('fails the call in flight when the cable is pulled', async () => {
    const { client, host, slave } = setup();
    slave.deaf = true;
    const pending = client.readHoldingRegisters(5, 0, 1, { priority: 'user', timeoutMs: 1000 });
    setTimeout(() => host.unplug(), 10);
    await expect(pending).rejects.toThrow(/closed|unplugged/);
  });

  it('finds nothing when the baud rates differ', async () => {
    const { client, device } = setup();
    await device.setBaudRate(9600);
    await expect(
      client.readHoldingRegisters(5, 0, 1, { priority: 'user', timeoutMs: 30, retries: 1 }),
    ).rejects.toBeInstanceOf(ModbusTimeoutError);
  });
});
