import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumPacketFramer } from '../../../../native/servos/checksum-packet/framer';
import { encodeFrame } from '../../../../native/servos/checksum-packet/packet';
import { FeetechBus } from '../../../../native/servos/feetech/bus';
import { FeetechBusSimulator } from '../../../../native/servos/feetech/sim/feetech-bus-simulator';
import { FeetechServoModel } from '../../../../native/servos/feetech/sim/feetech-servo-model';
import {
  ServoReplyDamagedError,
  ServoTimeoutError,
} from '../../../../native/servos/transaction/errors';
import { requestTimeoutMs } from '../../../../native/servos/transaction/timeouts';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../../../native/transport/loopback-transport';

const hosts: LoopbackTransport[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

function pair(): [LoopbackTransport, LoopbackTransport] {
  const ends = createLoopbackPair('transactor', 1_000_000);
  hosts.push(ends[0]);
  return ends;
}

describe('timeouts from baud × bytes + return delay', () => {
  it('adds the wire time of request and replies, one return delay per reply, and the margin', () => {
    // Read of 8 bytes at 1 Mbps: request 8 B + reply 14 B = 22 B × 10 µs.
    expect(
      requestTimeoutMs({
        baudRate: 1_000_000,
        requestBytes: 8,
        replyBytes: [14],
        returnDelayUs: 500,
        latencyMarginMs: 20,
      }),
    ).toBeCloseTo(0.22 + 0.5 + 20, 9);
    // Sync read of 8 bytes from 6 servos at 57600: 14 B request, 6 × 14 B replies, 6 delays.
    expect(
      requestTimeoutMs({
        baudRate: 57_600,
        requestBytes: 14,
        replyBytes: Array(6).fill(14),
        returnDelayUs: 500,
        latencyMarginMs: 0,
      }),
    ).toBeCloseTo(((14 + 84) * 10 * 1000) / 57_600 + 3, 9);
    // A broadcast with no replies still waits one return delay.
    expect(
      requestTimeoutMs({
        baudRate: 1_000_000,
        requestBytes: 10,
        replyBytes: [],
        returnDelayUs: 500,
        latencyMarginMs: 0,
      }),
    ).toBeCloseTo(0.6, 9);
  });
});

describe('the transaction engine', () => {
  it('retries a servo whose reply was lost, then succeeds', async () => {
    const [host, device] = pair();
    const sim = new FeetechBusSimulator(device, [new FeetechServoModel({ id: 1 })], {
      autoStart: false,
    });
    const bus = new FeetechBus(host, { latencyMarginMs: 25 });
    sim.dropNextReplies(1, 1);
    await expect(bus.read(1, 56, 2)).resolves.toMatchObject({ id: 1 });
    expect(bus.counters).toMatchObject({ retries: 1, timeouts: 1, rx: 1 });
    sim.dropNextReplies(1, 5);
    await expect(bus.read(1, 56, 2)).rejects.toBeInstanceOf(ServoTimeoutError);
    bus.close();
    sim.close();
  });

  it('ignores an adapter echoing the request back (half-duplex without echo suppression)', async () => {
    const [host, device] = pair();
    const framer = new ChecksumPacketFramer();
    device.onData((chunk) => {
      for (const frame of framer.push(chunk)) {
        void device.write(frame.bytes); // the echo
        void device.write(encodeFrame(frame.id, 0, [0x34, 0x12]));
      }
    });
    const bus = new FeetechBus(host, { latencyMarginMs: 25 });
    const result = await bus.read(1, 56, 2);
    expect(Array.from(result.data)).toEqual([0x34, 0x12]);
    expect(bus.counters.echoes).toBe(1);
    bus.close();
  });

  it('does not take a late reply to a timed-out request for the answer to the next one', async () => {
    const [host, device] = pair();
    const framer = new ChecksumPacketFramer();
    let first = true;
    device.onData((chunk) => {
      for (const frame of framer.push(chunk)) {
        const address = frame.params[0] ?? 0;
        const reply = encodeFrame(frame.id, 0, [address, address]);
        if (first) {
          first = false;
          setTimeout(() => void device.write(reply), 40); // after the 25 ms timeout
        } else void device.write(reply);
      }
    });
    const bus = new FeetechBus(host, { latencyMarginMs: 25, retries: 0 });
    await expect(bus.read(1, 56, 2)).rejects.toBeInstanceOf(ServoTimeoutError);
    const next = await bus.read(1, 62, 2);
    expect(Array.from(next.data)).toEqual([62, 62]);
    bus.close();
  });

  it('says a reply was damaged rather than missing when only bad checksums came back', async () => {
    const [host, device] = pair();
    const framer = new ChecksumPacketFramer();
    device.onData((chunk) => {
      for (const frame of framer.push(chunk)) {
        const reply = encodeFrame(frame.id, 0, [1, 2]);
        reply[reply.length - 1] = (reply[reply.length - 1] ?? 0) ^ 0xff;
        void device.write(reply);
      }
    });
    const bus = new FeetechBus(host, { latencyMarginMs: 25, retries: 1 });
    const failure = bus.read(1, 56, 2);
    await expect(failure).rejects.toBeInstanceOf(ServoReplyDamagedError);
    const error = (await failure.catch((e: unknown) => e)) as ServoReplyDamagedError;
    expect(error.human.ja).toMatch(/壊れて/);
    expect(bus.counters.checksumErrors).toBe(2);
    bus.close();
  });
});
