import { checksum } from './checksum';
import { HEADER_BYTE, type ChecksumFrame } from './packet';

export interface ChecksumFramerStats {
  frames: number;
  checksumErrors: number;
  garbageBytes: number;
}

export type FrameDiscardReason = 'garbage' | 'checksum';

export interface ChecksumFramerOptions {
  /** Largest LEN accepted (vendor SDKs stop at 250); a bigger one is noise that looked like a header. */
  maxLength?: number;
  /** Sees every run of bytes thrown away, for a raw packet console and for checksum-error replies. */
  onDiscard?: (bytes: Uint8Array, reason: FrameDiscardReason) => void;
}

/**
 * Streaming splitter for `FF FF ID LEN … CHK` frames: feed it arbitrary chunks, get whole
 * checksum-verified frames. It never throws. The header is only two bytes, so data can look
 * like one: after a bad checksum only the first header byte is consumed and the search goes on,
 * so a real frame that starts inside the false one is still found.
 */
export class ChecksumPacketFramer {
  readonly stats: ChecksumFramerStats = { frames: 0, checksumErrors: 0, garbageBytes: 0 };
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;
  private readonly maxLength: number;

  constructor(private readonly options: ChecksumFramerOptions = {}) {
    this.maxLength = options.maxLength ?? 250;
  }

  get buffered(): number {
    return this.end - this.start;
  }

  /** Forgets buffered bytes (after a timeout, so a late reply is not taken for the next one). */
  reset(): void {
    this.discard(this.start, this.end, 'garbage');
    this.start = 0;
    this.end = 0;
  }

  push(chunk: Uint8Array): ChecksumFrame[] {
    this.append(chunk);
    const frames: ChecksumFrame[] = [];
    const buf = this.buf;
    for (;;) {
      const header = this.findHeader();
      if (header > this.start) {
        this.discard(this.start, header, 'garbage');
        this.start = header;
      }
      if (this.end - this.start < 4) break;
      const id = buf[this.start + 2] ?? 0;
      const length = buf[this.start + 3] ?? 0;
      // FF FF FF …: a longer preamble (or noise); FF is never an id, so the frame starts later.
      if (id === HEADER_BYTE || length < 2 || length > this.maxLength) {
        this.discard(this.start, this.start + 1, 'garbage');
        this.start += 1;
        continue;
      }
      const total = 4 + length;
      if (this.end - this.start < total) break;
      const chkAt = this.start + total - 1;
      if (checksum(buf, this.start + 2, chkAt) !== buf[chkAt]) {
        this.stats.checksumErrors++;
        this.options.onDiscard?.(buf.slice(this.start, this.start + total), 'checksum');
        this.start += 1;
        continue;
      }
      frames.push({
        id,
        code: buf[this.start + 4] ?? 0,
        params: buf.slice(this.start + 5, chkAt),
        bytes: buf.slice(this.start, this.start + total),
      });
      this.stats.frames++;
      this.start += total;
    }
    this.compact();
    return frames;
  }

  /** Index of the next `FF FF`, of a lone `FF` at the very end, or `end`. */
  private findHeader(): number {
    const buf = this.buf;
    for (let i = this.start; i < this.end; i++) {
      if (buf[i] !== HEADER_BYTE) continue;
      if (i + 1 === this.end || buf[i + 1] === HEADER_BYTE) return i;
    }
    return this.end;
  }

  private discard(from: number, to: number, reason: 'garbage'): void {
    if (to <= from) return;
    this.stats.garbageBytes += to - from;
    this.options.onDiscard?.(this.buf.slice(from, to), reason);
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      const next = new Uint8Array(Math.max(this.buf.length, (live + chunk.length) * 2));
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
