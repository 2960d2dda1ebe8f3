import { StreamFramer } from '../framing/stream-framer';
import { crc16 } from './crc';
import { unstuff } from './stuffing';

/** One CRC-checked Protocol 2.0 packet, with the body after the instruction byte unstuffed. */
export interface RawFrame {
  id: number;
  instruction: number;
  /** Bytes after the instruction byte, before the CRC, with byte stuffing removed. */
  body: Uint8Array;
  /** The packet exactly as it was on the wire. */
  bytes: Uint8Array;
}

export interface FramerStats {
  frames: number;
  crcErrors: number;
  garbageBytes: number;
}

export type DiscardReason = 'garbage' | 'crc';

export interface FramerOptions {
  /** Largest LEN accepted; a bigger one is treated as noise that happened to look like a header. */
  maxLength?: number;
  /** Packets whose body is sent without byte stuffing (Fast Sync/Bulk Read replies). */
  skipUnstuffing?: (id: number, instruction: number) => boolean;
  /** Sees every run of bytes thrown away, for a raw packet console. */
  onDiscard?: (bytes: Uint8Array, reason: DiscardReason) => void;
}

const MIN_LENGTH = 3; // instruction + CRC

/**
 * Streaming splitter for Protocol 2.0: feed it arbitrary chunks and it returns whole packets.
 * After noise, a truncated packet or a CRC failure it resumes at the next FF FF FD 00 header.
 */
export class PacketFramer extends StreamFramer<RawFrame> {
  private readonly maxLength: number;

  constructor(private readonly options: FramerOptions = {}) {
    const { onDiscard } = options;
    super(7, onDiscard && ((bytes, damaged) => onDiscard(bytes, damaged ? 'crc' : 'garbage')));
    this.maxLength = options.maxLength ?? 1024;
  }

  get stats(): FramerStats {
    const { frames, damaged, garbageBytes } = this.counts;
    return { frames, crcErrors: damaged, garbageBytes };
  }

  /** Index of the next full header, of a header prefix at the very end, or `to`. */
  protected findHeader(buf: Uint8Array, from: number, to: number): number {
    for (let i = from; i < to; i++) {
      if (buf[i] !== 0xff) continue;
      const left = to - i;
      if (left >= 2 && buf[i + 1] !== 0xff) continue;
      if (left >= 3 && buf[i + 2] !== 0xfd) continue;
      if (left >= 4 && buf[i + 3] !== 0x00) continue;
      return i;
    }
    return to;
  }

  protected frameLength(buf: Uint8Array, at: number): number | undefined {
    const id = buf[at + 4] ?? 0;
    const length = (buf[at + 5] ?? 0) | ((buf[at + 6] ?? 0) << 8);
    // Looked like a header but cannot be one.
    if (length < MIN_LENGTH || length > this.maxLength || id === 0xfd || id === 0xff)
      return undefined;
    return 7 + length;
  }

  protected intact(buf: Uint8Array, at: number, total: number): boolean {
    const crcAt = at + total - 2;
    const expected = (buf[crcAt] ?? 0) | ((buf[crcAt + 1] ?? 0) << 8);
    return crc16(buf, at, crcAt) === expected;
  }

  protected decode(buf: Uint8Array, at: number, total: number): RawFrame {
    const id = buf[at + 4] ?? 0;
    const instruction = buf[at + 7] ?? 0;
    const crcAt = at + total - 2;
    const body = this.options.skipUnstuffing?.(id, instruction)
      ? buf.slice(at + 8, crcAt)
      : unstuff(buf, at + 7, crcAt).subarray(1);
    return { id, instruction, body, bytes: buf.slice(at, at + total) };
  }
}
