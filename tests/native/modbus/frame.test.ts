import { describe, expect, it } from 'vitest';
import {
  encodeAdu,
  ResponseParser,
  type ParseEvent,
  type ResponseExpectation,
} from '../../../native/modbus/frame';
import { SilenceFramer } from '../../../native/modbus/silence-framer';
import { SeededRandom } from '../../../native/servos/physics/random';
import { hexBytes, toHex } from './helpers';

const STATUS: ResponseExpectation = { unit: 9, functionCode: 4, length: 11, byteCount: 6 };
const REPLY = '09 04 06 B9 00 00 FF BD 00 5C 9A';

function frames(events: ParseEvent[]): string[] {
  return events.flatMap((e) =>
    e.kind === 'response' || e.kind === 'exception' ? [toHex(e.adu)] : [],
  );
}

describe('ResponseParser', () => {
  it('assembles the awaited reply from one-byte chunks', () => {
    const parser = new ResponseParser();
    parser.expect(STATUS);
    const events = Array.from(hexBytes(REPLY)).flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(frames(events)).toEqual([REPLY]);
    const response = events.find((e) => e.kind === 'response');
    expect(response && toHex(response.pdu)).toBe('04 06 B9 00 00 FF BD 00');
    expect(parser.awaiting).toBe(false);
  });

  it('recognises an exception reply (function | 0x80, code)', () => {
    const parser = new ResponseParser();
    parser.expect(STATUS);
    const adu = encodeAdu(9, hexBytes('84 02'));
    const events = parser.push(adu);
    expect(events).toEqual([{ kind: 'exception', adu, functionCode: 4, exception: 2 }]);
  });

  it('skips noise before the reply and reports it', () => {
    const parser = new ResponseParser();
    parser.expect(STATUS);
    const events = parser.push(hexBytes(`00 FF 09 13 09 04 07 ${REPLY}`));
    expect(frames(events)).toEqual([REPLY]);
    const discarded = events.filter((e) => e.kind === 'discarded');
    expect(discarded.map((e) => toHex(e.bytes))).toEqual(['00 FF 09 13 09 04 07']);
  });

  it('counts a CRC failure and still finds a good frame after it', () => {
    const parser = new ResponseParser();
    parser.expect(STATUS);
    const bad = hexBytes(REPLY);
    bad[5] = 0x55;
    const events = [...parser.push(bad), ...parser.push(hexBytes(REPLY))];
    expect(frames(events)).toEqual([REPLY]);
    const failures = events.reduce((n, e) => n + (e.kind === 'discarded' ? e.crcFailures : 0), 0);
    expect(failures).toBe(1);
  });

  it('treats everything as stale when nothing is awaited, and after the reply', () => {
    const parser = new ResponseParser();
    expect(parser.push(hexBytes(REPLY))).toMatchObject([
      { kind: 'discarded', reason: 'unexpected' },
    ]);
    parser.expect(STATUS);
    const events = parser.push(hexBytes(`${REPLY} 09 04`));
    expect(frames(events)).toEqual([REPLY]);
    expect(events.at(-1)).toMatchObject({ kind: 'discarded', reason: 'unexpected' });
  });

  it('discards a half-received frame when a new request starts', () => {
    const parser = new ResponseParser();
    parser.expect(STATUS);
    parser.push(hexBytes('09 04 06 B9'));
    expect(parser.expect(STATUS)).toMatchObject([{ kind: 'discarded', reason: 'unexpected' }]);
    expect(frames(parser.push(hexBytes(REPLY)))).toEqual([REPLY]);
  });

  it('never throws on 100k random or truncated chunks and resyncs onto every real reply', () => {
    const rng = new SeededRandom(42);
    const random = () => rng.next();
    const parser = new ResponseParser();
    const reply = hexBytes(REPLY);
    let rounds = 0;
    let found = 0;
    let wrong = 0;
    let chunks = 0;
    while (chunks < 100_000) {
      parser.expect(STATUS);
      const events: ParseEvent[] = [];
      // Noise: random bytes, random truncations of real frames, bytes that look like headers.
      const noiseChunks = 1 + Math.floor(random() * 4);
      for (let c = 0; c < noiseChunks; c++, chunks++) {
        const kind = random();
        const noise =
          kind < 0.4
            ? Uint8Array.from({ length: Math.floor(random() * 40) }, () =>
                Math.floor(random() * 256),
              )
            : kind < 0.8
              ? reply.subarray(0, Math.floor(random() * reply.length))
              : hexBytes('09 04 06 09 84');
        expect(() => events.push(...parser.push(noise))).not.toThrow();
      }
      // Then the real reply, split at a random point.
      const cut = Math.floor(random() * reply.length);
      events.push(...parser.push(reply.subarray(0, cut)), ...parser.push(reply.subarray(cut)));
      chunks += 2;
      rounds++;
      // Truncated frames in the noise can line up into a whole reply before ours: also a find.
      const got = frames(events);
      if (got.length === 1 && got[0] === REPLY) found++;
      else wrong++;
    }
    expect(wrong).toBe(0);
    expect(found).toBe(rounds);
  });

  it('fuzz: arbitrary bytes against every expectation shape never throw', () => {
    const rng = new SeededRandom(7);
    const random = () => rng.next();
    const parser = new ResponseParser();
    for (let i = 0; i < 20_000; i++) {
      if (random() < 0.1) {
        parser.expect({
          unit: Math.floor(random() * 248),
          functionCode: 1 + Math.floor(random() * 16),
          length: 5 + Math.floor(random() * 250),
        });
      }
      const chunk = Uint8Array.from({ length: Math.floor(random() * 300) }, () =>
        Math.floor(random() * 256),
      );
      expect(() => parser.push(chunk)).not.toThrow();
    }
  });
});

describe('SilenceFramer', () => {
  it('ends a frame after t3.5 of silence', async () => {
    const got: string[] = [];
    const framer = new SilenceFramer(115200, (frame) => got.push(toHex(frame)));
    framer.push(hexBytes('09 2B'));
    framer.push(hexBytes('0E 01'));
    expect(got).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    framer.push(hexBytes('01'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).toEqual(['09 2B 0E 01', '01']);
  });
});
