/**
 * RTU framing: an ADU is unit id + PDU + CRC (low byte first). Written here rather than taken from
 * a library: the codec is a few hundred lines of a fixed spec, and the client needs byte-exact
 * control of inter-frame timing over our own ByteTransport, which Modbus libraries hide behind
 * their own serial handling.
 */
import { crc16Modbus, hasValidCrc } from './crc';

export const MAX_ADU_LENGTH = 256;

export function encodeAdu(unit: number, pdu: Uint8Array): Uint8Array {
  const adu = new Uint8Array(pdu.length + 3);
  adu[0] = unit & 0xff;
  adu.set(pdu, 1);
  const crc = crc16Modbus(adu, 0, pdu.length + 1);
  adu[pdu.length + 1] = crc & 0xff;
  adu[pdu.length + 2] = crc >>> 8;
  return adu;
}

/** What the client waits for: the reply to one request from one unit. */
export interface ResponseExpectation {
  unit: number;
  functionCode: number;
  /** Whole normal reply ADU length (an exception reply is always 5 bytes). */
  length: number;
  /** For reads, the byte-count field the reply must carry; lets the parser skip false starts. */
  byteCount?: number;
}

export type ParseEvent =
  | { kind: 'response'; adu: Uint8Array; pdu: Uint8Array }
  | { kind: 'exception'; adu: Uint8Array; functionCode: number; exception: number }
  | {
      kind: 'discarded';
      bytes: Uint8Array;
      /** 'unexpected': nothing was awaited (stale bytes of a timed-out transaction, chatter). */
      reason: 'noise' | 'crc' | 'unexpected';
      /** Candidate frames with the right header and length whose CRC failed. */
      crcFailures: number;
    };

/**
 * Streaming reply parser. Fed arbitrary chunks, it finds the awaited reply by header, length and
 * CRC; anything else is reported as discarded and scanning resumes one byte later, so a burst of
 * noise never costs the real frame behind it. It never throws.
 */
export class ResponseParser {
  private buffer: Buffer = Buffer.alloc(0);
  private expectation: ResponseExpectation | undefined;

  /** Starts waiting for a new reply; whatever was buffered is stale and reported as such. */
  expect(expectation: ResponseExpectation | undefined): ParseEvent[] {
    const events = this.flushStale();
    this.expectation = expectation;
    return events;
  }

  get awaiting(): boolean {
    return this.expectation !== undefined;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    this.buffer =
      this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    if (!this.expectation) return this.flushStale();
    return this.scan(this.expectation);
  }

  private flushStale(): ParseEvent[] {
    if (this.buffer.length === 0) return [];
    const bytes = Uint8Array.from(this.buffer);
    this.buffer = Buffer.alloc(0);
    return [{ kind: 'discarded', bytes, reason: 'unexpected', crcFailures: 0 }];
  }

  private scan(want: ResponseExpectation): ParseEvent[] {
    const events: ParseEvent[] = [];
    const buf = this.buffer;
    let start = 0; // first byte not yet discarded or consumed
    let i = 0;
    let crcFailures = 0;
    const discardUpTo = (end: number): void => {
      if (end > start) {
        events.push({
          kind: 'discarded',
          bytes: Uint8Array.from(buf.subarray(start, end)),
          reason: crcFailures > 0 ? 'crc' : 'noise',
          crcFailures,
        });
      }
      start = end;
      crcFailures = 0;
    };

    while (i < buf.length) {
      if (buf[i] !== want.unit) {
        i++;
        continue;
      }
      const fc = buf[i + 1];
      if (fc === undefined) break; // header incomplete: wait
      const isException = fc === (want.functionCode | 0x80);
      if (fc !== want.functionCode && !isException) {
        i++;
        continue;
      }
      if (!isException && want.byteCount !== undefined) {
        const count = buf[i + 2];
        if (count === undefined) break;
        if (count !== want.byteCount) {
          i++;
          continue;
        }
      }
      const length = isException ? 5 : want.length;
      if (buf.length - i < length) break; // wait for the rest
      if (!hasValidCrc(buf, i, i + length)) {
        crcFailures++;
        i++;
        continue;
      }
      discardUpTo(i);
      const adu = Uint8Array.from(buf.subarray(i, i + length));
      events.push(
        isException
          ? { kind: 'exception', adu, functionCode: want.functionCode, exception: adu[2] ?? 0 }
          : { kind: 'response', adu, pdu: adu.subarray(1, length - 2) },
      );
      i += length;
      start = i;
      // One reply per request: whatever follows is not ours.
      this.expectation = undefined;
      this.buffer = buf.subarray(i);
      return [...events, ...this.flushStale()];
    }
    // Bytes before `i` can never begin the awaited frame; keep the rest for the next chunk.
    discardUpTo(i);
    this.buffer = buf.subarray(start);
    return events;
  }
}
