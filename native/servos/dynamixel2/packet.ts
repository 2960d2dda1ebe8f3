import { crc16 } from './crc';
import { PacketFramer, type FramerOptions, type FramerStats } from './framer';
import { BROADCAST_ID, HEADER, STATUS_INSTRUCTION } from './protocol';
import { stuff } from './stuffing';

/** Builds a complete packet: header, id, stuffed length, instruction, stuffed params, CRC. */
export function encodePacket(
  id: number,
  instruction: number,
  params: ArrayLike<number> = [],
  stuffing = true,
): Uint8Array {
  const body = new Uint8Array(1 + params.length);
  body[0] = instruction;
  body.set(
    Array.from(params, (b) => b & 0xff),
    1,
  );
  const wireBody = stuffing ? stuff(body) : body;
  const length = wireBody.length + 2;
  const out = new Uint8Array(7 + length);
  out.set(HEADER, 0);
  out[4] = id & 0xff;
  out[5] = length & 0xff;
  out[6] = (length >> 8) & 0xff;
  out.set(wireBody, 7);
  const crc = crc16(out, 0, out.length - 2);
  out[out.length - 2] = crc & 0xff;
  out[out.length - 1] = (crc >> 8) & 0xff;
  return out;
}

export function encodeInstructionPacket(
  id: number,
  instruction: number,
  params: ArrayLike<number> = [],
): Uint8Array {
  return encodePacket(id, instruction, params);
}

/** What a device sends back: instruction 0x55, then the ERR byte, then the parameters. */
export function encodeStatusPacket(
  id: number,
  error: number,
  params: ArrayLike<number> = [],
): Uint8Array {
  return encodePacket(id, STATUS_INSTRUCTION, [error, ...Array.from(params)]);
}

export interface StatusPacket {
  id: number;
  /** The ERR byte: bit 7 is the Alert flag, bits 0–6 the error number. */
  error: number;
  params: Uint8Array;
  bytes: Uint8Array;
}

export interface InstructionPacket {
  id: number;
  instruction: number;
  params: Uint8Array;
  bytes: Uint8Array;
}

export interface ParserStats extends FramerStats {
  /** Valid packets of the other kind (an adapter echoing our own instruction, for example). */
  ignored: number;
}

/** Fast Sync/Bulk Read replies (broadcast id) carry several CRCs and are sent unstuffed. */
function isFastReply(id: number, instruction: number): boolean {
  return id === BROADCAST_ID && instruction === STATUS_INSTRUCTION;
}

/**
 * Host side: feed any chunks, get complete CRC-checked status packets. Never throws; counts
 * CRC failures and garbage bytes and resynchronises on the next header.
 */
export class StatusPacketParser {
  private readonly framer: PacketFramer;
  private ignoredCount = 0;

  constructor(options: Omit<FramerOptions, 'skipUnstuffing'> = {}) {
    this.framer = new PacketFramer({ ...options, skipUnstuffing: isFastReply });
  }

  get stats(): ParserStats {
    return { ...this.framer.stats, ignored: this.ignoredCount };
  }

  get buffered(): number {
    return this.framer.buffered;
  }

  reset(): void {
    this.framer.reset();
  }

  push(chunk: Uint8Array): StatusPacket[] {
    const out: StatusPacket[] = [];
    for (const frame of this.framer.push(chunk)) {
      if (frame.instruction !== STATUS_INSTRUCTION || frame.body.length < 1) {
        this.ignoredCount++;
        continue;
      }
      out.push({
        id: frame.id,
        error: frame.body[0] ?? 0,
        params: frame.body.subarray(1),
        bytes: frame.bytes,
      });
    }
    return out;
  }
}

export interface InstructionParserOptions extends Omit<
  FramerOptions,
  'skipUnstuffing' | 'onDiscard'
> {
  /** A device answers a damaged packet addressed to it with CRC Error, so it needs the id. */
  onCrcError?: (id: number) => void;
}

/** Device side (the simulator): the same framing, yielding instruction packets. */
export class InstructionPacketParser {
  private readonly framer: PacketFramer;
  private ignoredCount = 0;

  constructor(options: InstructionParserOptions = {}) {
    this.framer = new PacketFramer({
      maxLength: options.maxLength ?? 4096,
      onDiscard: (bytes, reason) => {
        if (reason === 'crc' && bytes.length > 4) options.onCrcError?.(bytes[4] ?? 0);
      },
    });
  }

  get stats(): ParserStats {
    return { ...this.framer.stats, ignored: this.ignoredCount };
  }

  reset(): void {
    this.framer.reset();
  }

  push(chunk: Uint8Array): InstructionPacket[] {
    const out: InstructionPacket[] = [];
    for (const frame of this.framer.push(chunk)) {
      if (frame.instruction === STATUS_INSTRUCTION) {
        this.ignoredCount++;
        continue;
      }
      out.push({
        id: frame.id,
        instruction: frame.instruction,
        params: frame.body,
        bytes: frame.bytes,
      });
    }
    return out;
  }
}
