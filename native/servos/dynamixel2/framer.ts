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
 * Streaming splitter: feed it arbitrary chunks and it returns whole packets. It never throws.
 * After noise, a truncated packet or a CRC failure it resumes at the next FF FF FD 00 header.
 */
export class PacketFramer {
  readonly stats: FramerStats = { frames: 0, crcErrors: 0, garbageBytes: 0 };
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;
  private readonly maxLength: number;

  constructor(private readonly options: FramerOptions = {}) {
    this.maxLength = options.maxLength ?? 1024;
  }

  get buffered(): number {
    return this.end - this.start;
  }

  /** Forgets buffered bytes (after a timeout, so a late reply is not taken for the next one). */
  reset(): void {
    if (this.end > this.start) this.discard(this.start, this.end, 'garbage');
    this.start = 0;
    this.end = 0;
  }

  push(chunk: Uint8Array): RawFrame[] {
    this.append(chunk);
    const frames: RawFrame[] = [];
    for (;;) {
      const header = this.findHeader();
      if (header > this.start) {
        this.discard(this.start, header, 'garbage');
        this.start = header;
      }
      if (this.end - this.start < 7) break;
      const buf = this.buf;
      const id = buf[this.start + 4] ?? 0;
      const length = (buf[this.start + 5] ?? 0) | ((buf[this.start + 6] ?? 0) << 8);
      if (length < MIN_LENGTH || length > this.maxLength || id === 0xfd || id === 0xff) {
        // Looked like a header but cannot be one: skip its first byte and search again.
        this.discard(this.start, this.start + 1, 'garbage');
        this.start += 1;
        continue;
      }
      const total = 7 + length;
      if (this.end - this.start < total) break;
      const crcAt = this.start + total - 2;
      const expected = (buf[crcAt] ?? 0) | ((buf[crcAt + 1] ?? 0) << 8);
      if (crc16(buf, this.start, crcAt) !== expected) {
        this.stats.crcErrors++;
        this.options.onDiscard?.(buf.slice(this.start, this.start + total), 'crc');
        // Only the header byte is consumed: a real packet may start inside the damaged one.
        this.start += 1;
        continue;
      }
      const instruction = buf[this.start + 7] ?? 0;
      const body = this.options.skipUnstuffing?.(id, instruction)
        ? buf.slice(this.start + 8, crcAt)
        : unstuff(buf, this.start + 7, crcAt).subarray(1);
      frames.push({ id, instruction, body, bytes: buf.slice(this.start, this.start + total) });
      this.stats.frames++;
      this.start += total;
    }
    this.compact();
    return frames;
  }

  /** Index of the next full header, or of a header prefix at the very end, or `end`. */
  private findHeader(): number {
    const buf = this.buf;
    for (let i = this.start; i < this.end; i++) {
      if (buf[i] !== 0xff) continue;
      const left = this.end - i;
      if (left >= 2 && buf[i + 1] !== 0xff) continue;
      if (left >= 3 && buf[i + 2] !== 0xfd) continue;
      if (left >= 4 && buf[i + 3] !== 0x00) continue;
      return i;
    }
    return this.end;
  }

  private discard(from: number, to: number, reason: DiscardReason): void {
    if (to <= from) return;
    if (reason === 'garbage') this.stats.garbageBytes += to - from;
    this.options.onDiscard?.(this.buf.slice(from, to), reason);
  }

  private append(chunk: Uint8Array): void {
    const needed = this.end + chunk.length;
    if (needed > this.buf.length) {
      const live = this.end - this.start;
      const size = Math.max(this.buf.length, (live + chunk.length) * 2);
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  private compact(): void {
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    } else if (this.start > 4096) {
      this.buf.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
  }
}
