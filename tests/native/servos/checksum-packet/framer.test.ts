import { describe, expect, it } from 'vitest';
import { checksum } from '../../../../native/servos/checksum-packet/checksum';
import { ChecksumPacketFramer } from '../../../../native/servos/checksum-packet/framer';
import {
  encodeFrame,
  FrameTooLongError,
  MAX_PARAMS,
  type ChecksumFrame,
} from '../../../../native/servos/checksum-packet/packet';
import { SeededRandom } from '../../../../native/servos/physics/random';
import { hex } from '../hex';

function randomParams(rng: SeededRandom, max = 40): Uint8Array {
  // Plenty of 0xFF so false headers appear inside parameters.
  return Uint8Array.from({ length: rng.int(max) }, () => (rng.next() < 0.4 ? 0xff : rng.int(256)));
}

describe('checksum = ~(ID + LEN + INST + PARAMS), low byte', () => {
  it('matches the e-Manual Protocol 1.0 worked example (Instruction Checksum)', () => {
    // e-Manual "Protocol 1.0" → Instruction Checksum: ID 1, LEN 5, INST 3, 0C 64 AA → DC.
    expect(checksum(hex('01 05 03 0C 64 AA'))).toBe(0xdc);
    expect(encodeFrame(1, 3, hex('0C 64 AA'))).toEqual(hex('FF FF 01 05 03 0C 64 AA DC'));
  });

  it('refuses a frame that LEN cannot describe', () => {
    expect(() => encodeFrame(1, 3, new Uint8Array(MAX_PARAMS + 1))).toThrow(FrameTooLongError);
    expect(encodeFrame(1, 3, new Uint8Array(MAX_PARAMS))[3]).toBe(255);
  });
});

describe('framer', () => {
  it('splits back-to-back frames, keeps a lone trailing FF and waits for the rest', () => {
    const framer = new ChecksumPacketFramer();
    const a = hex('FF FF 01 02 00 FC');
    const b = hex('FF FF 02 04 00 00 80 79');
    expect(framer.push(Uint8Array.from([...a, ...b.subarray(0, 1)]))).toHaveLength(1);
    expect(framer.buffered).toBe(1);
    const [frame] = framer.push(b.subarray(1));
    expect(frame?.id).toBe(2);
    expect(Array.from(frame?.params ?? [])).toEqual([0x00, 0x80]);
  });

  it('takes an extra preamble FF and leading noise as garbage', () => {
    const framer = new ChecksumPacketFramer();
    const frames = framer.push(hex('13 37 FF FF FF 01 02 00 FC'));
    expect(frames.map((f) => f.id)).toEqual([1]);
    expect(framer.stats.garbageBytes).toBe(3);
  });

  it('finds a real frame that starts inside one with a bad checksum', () => {
    const framer = new ChecksumPacketFramer();
    const discarded: string[] = [];
    const counting = new ChecksumPacketFramer({
      onDiscard: (_b, reason) => discarded.push(reason),
    });
    // A false header whose LEN swallows the start of a real reply.
    const wire = hex('FF FF 05 06 FF FF 01 02 00 FC 00 00');
    expect(framer.push(wire).map((f) => f.id)).toEqual([1]);
    expect(framer.stats.checksumErrors).toBe(1);
    counting.push(wire);
    expect(discarded).toContain('checksum');
  });

  it('treats an impossible LEN as noise instead of waiting for 250 bytes', () => {
    const framer = new ChecksumPacketFramer({ maxLength: 100 });
    expect(framer.push(hex('FF FF 01 F0 FF FF 01 02 00 FC')).map((f) => f.id)).toEqual([1]);
  });
});

describe('property: encode → frame round trips', () => {
  it('any id, code and parameters (FF-rich) survive any chunking', () => {
    const rng = new SeededRandom(314);
    for (let n = 0; n < 5000; n++) {
      const id = rng.int(254);
      const code = rng.int(256);
      const params = randomParams(rng, 120);
      const wire = encodeFrame(id, code, params);
      const framer = new ChecksumPacketFramer();
      const out: ChecksumFrame[] = [];
      for (let o = 0; o < wire.length;) {
        const size = 1 + rng.int(9);
        out.push(...framer.push(wire.subarray(o, o + size)));
        o += size;
      }
      expect(out).toHaveLength(1);
      expect(out[0]?.id).toBe(id);
      expect(out[0]?.code).toBe(code);
      expect(Array.from(out[0]?.params ?? [])).toEqual(Array.from(params));
      expect(Array.from(out[0]?.bytes ?? [])).toEqual(Array.from(wire));
    }
  });
});

/**
 * Garbage, truncated frames, flipped bytes, and now and then a marker frame. Returns how many
 * markers were sent and found, and how many frames were accepted that nobody sent intact
 * (a one-byte checksum passes random bytes 1 time in 256).
 */
function fuzz(seed: number, chunks: number, resetBeforeMarker: boolean) {
  const rng = new SeededRandom(seed);
  const framer = new ChecksumPacketFramer();
  const marker = encodeFrame(7, 0x00, hex('CA FE FF FF 01'));
  const result = { sent: 0, seen: 0, spurious: 0, checksumErrors: 0 };
  for (let n = 0; n < chunks; n++) {
    const kind = rng.int(4);
    let chunk: Uint8Array;
    if (kind === 0) {
      chunk = Uint8Array.from({ length: 1 + rng.int(32) }, () =>
        rng.next() < 0.3 ? 0xff : rng.int(256),
      );
    } else if (kind === 1) {
      const full = encodeFrame(rng.int(254), rng.int(256), randomParams(rng));
      chunk = full.subarray(0, rng.int(full.length)); // truncated
    } else if (kind === 2) {
      const full = encodeFrame(rng.int(254), 0, randomParams(rng)).slice();
      const at = 2 + rng.int(full.length - 2);
      full[at] = (full[at] ?? 0) ^ (1 + rng.int(255)); // one flipped byte
      chunk = full;
    } else {
      // The bus flushes its parser after a timeout: a cut-off reply cannot swallow the next one.
      if (resetBeforeMarker) framer.reset();
      const noise = Uint8Array.from({ length: rng.int(8) }, () => rng.int(256));
      chunk = Uint8Array.from([...noise, ...marker, ...new Uint8Array(260)]);
      result.sent++;
    }
    for (const frame of framer.push(chunk)) {
      if (
        frame.id === 7 &&
        frame.code === 0 &&
        frame.params[0] === 0xca &&
        frame.params.length === 5
      )
        result.seen++;
      else result.spurious++;
    }
  }
  result.checksumErrors = framer.stats.checksumErrors;
  return result;
}

describe('fuzz: the framer never throws and resynchronises', () => {
  it('after a flush (as the bus does after a timeout) every marker is found, over 100k chunks', () => {
    const r = fuzz(2025, 100_000, true);
    expect(r.sent).toBeGreaterThan(20_000);
    expect(r.seen).toBe(r.sent);
    expect(r.checksumErrors).toBeGreaterThan(1000);
  });

  it('without flushes, markers are lost only to frames that a one-byte checksum wrongly accepts', () => {
    const r = fuzz(2026, 100_000, false);
    // Each lost marker was swallowed by a false frame that happened to pass the checksum.
    expect(r.spurious).toBeGreaterThanOrEqual(r.sent - r.seen);
    expect(r.seen / r.sent).toBeGreaterThan(0.98);
    console.log(
      `checksum-packet fuzz without flushes: ${r.seen}/${r.sent} markers, ${r.spurious} false frames accepted, ${r.checksumErrors} checksum errors`,
    );
  });
});
