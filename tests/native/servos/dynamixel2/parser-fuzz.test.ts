import { describe, expect, it } from 'vitest';
import {
  encodeStatusPacket,
  InstructionPacketParser,
  StatusPacketParser,
  type StatusPacket,
} from '../../../../native/servos/dynamixel2/packet';
import { buildWrite } from '../../../../native/servos/dynamixel2/instructions';
import { SeededRandom } from '../../../../native/servos/physics/random';

function randomParams(rng: SeededRandom): Uint8Array {
  const length = rng.int(40);
  const out = Uint8Array.from(
    { length },
    () => (rng.next() < 0.5 ? [0xff, 0xfd, 0x00][rng.int(3)] : rng.int(256)) ?? 0,
  );
  // Plant the header pattern so byte stuffing is exercised in most packets.
  if (length >= 3 && rng.next() < 0.7) out.set([0xff, 0xff, 0xfd], rng.int(length - 2));
  return out;
}

describe('property: encode → parse round trips', () => {
  it('status packets survive any params, including FF FF FD, and any chunking', () => {
    const rng = new SeededRandom(42);
    for (let n = 0; n < 3000; n++) {
      const id = rng.int(253);
      const error = rng.int(256);
      const params = randomParams(rng);
      const wire = encodeStatusPacket(id, error, params);
      const parser = new StatusPacketParser();
      const out = [];
      for (let o = 0; o < wire.length;) {
        const size = 1 + rng.int(8);
        out.push(...parser.push(wire.subarray(o, o + size)));
        o += size;
      }
      expect(out).toHaveLength(1);
      expect(out[0]?.id).toBe(id);
      expect(out[0]?.error).toBe(error);
      expect(Array.from(out[0]?.params ?? [])).toEqual(Array.from(params));
    }
  });

  it('instruction packets round trip through the device-side parser', () => {
    const rng = new SeededRandom(7);
    for (let n = 0; n < 2000; n++) {
      const id = rng.int(253);
      const data = randomParams(rng);
      const packets = new InstructionPacketParser().push(buildWrite(id, rng.int(700), data));
      expect(packets).toHaveLength(1);
      expect(Array.from(packets[0]?.params.subarray(2) ?? [])).toEqual(Array.from(data));
    }
  });
});

describe('fuzz: the status parser never throws and resynchronises', () => {
  it('survives 100k random, truncated and garbage chunks', () => {
    const rng = new SeededRandom(2024);
    const parser = new StatusPacketParser({ maxLength: 256 });
    const marker = encodeStatusPacket(7, 0, [0xca, 0xfe, 0xff, 0xff, 0xfd]);
    let markersSent = 0;
    let markersSeen = 0;
    for (let n = 0; n < 100_000; n++) {
      const kind = rng.int(4);
      let chunk: Uint8Array;
      if (kind === 0) {
        chunk = Uint8Array.from({ length: 1 + rng.int(32) }, () => rng.int(256));
      } else if (kind === 1) {
        const full = encodeStatusPacket(rng.int(253), rng.int(256), randomParams(rng));
        chunk = full.subarray(0, rng.int(full.length)); // truncated
      } else if (kind === 2) {
        const full = encodeStatusPacket(rng.int(253), 0, randomParams(rng)).slice();
        const at = rng.int(full.length);
        full[at] = (full[at] ?? 0) ^ (1 + rng.int(255)); // corrupted
        chunk = full;
      } else {
        // Noise, then a valid packet, then padding long enough to flush any false header.
        const noise = Uint8Array.from(
          { length: rng.int(16) },
          () => [0xff, 0xfd, 0x00, rng.int(256)][rng.int(4)] ?? 0,
        );
        chunk = Uint8Array.from([...noise, ...marker, ...new Uint8Array(270)]);
        markersSent++;
      }
      let packets: StatusPacket[] = [];
      expect(() => (packets = parser.push(chunk))).not.toThrow();
      markersSeen += packets.filter(
        (p) => p.id === 7 && p.params[0] === 0xca && p.params[1] === 0xfe,
      ).length;
    }
    expect(markersSent).toBeGreaterThan(20_000);
    // Every valid packet after noise is found again, except when a truncated packet swallows it
    // and the 16-bit CRC matches by chance (~1 in 65,536 per such overlap; seen once in this run).
    expect(markersSeen).toBeGreaterThanOrEqual(markersSent - 3);
    expect(parser.stats.crcErrors).toBeGreaterThan(0);
    expect(parser.stats.garbageBytes).toBeGreaterThan(0);
  });
});
