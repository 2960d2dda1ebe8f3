import { StreamFramer } from '../framing/stream-framer';
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
 * checksum-verified frames. The header is only two bytes, so data can look like one; the
 * resynchronisation after a bad checksum (StreamFramer) still finds a real frame inside it.
 */
export class ChecksumPacketFramer extends StreamFramer<ChecksumFrame> {
  private readonly maxLength: number;

  constructor(options: ChecksumFramerOptions = {}) {
    const { onDiscard } = options;
    super(4, onDiscard && ((bytes, damaged) => onDiscard(bytes, damaged ? 'checksum' : 'garbage')));
    this.maxLength = options.maxLength ?? 250;
  }

  get stats(): ChecksumFramerStats {
    const { frames, damaged, garbageBytes } = this.counts;
    return { frames, checksumErrors: damaged, garbageBytes };
  }

  /** Index of the next `FF FF`, of a lone `FF` at the very end, or `to`. */
  protected findHeader(buf: Uint8Array, from: number, to: number): number {
    for (let i = from; i < to; i++) {
      if (buf[i] !== HEADER_BYTE) continue;
      if (i + 1 === to || buf[i + 1] === HEADER_BYTE) return i;
    }
    return to;
  }

  protected frameLength(buf: Uint8Array, at: number): number | undefined {
    const id = buf[at + 2] ?? 0;
    const length = buf[at + 3] ?? 0;
    // FF FF FF …: a longer preamble (or noise); FF is never an id, so the frame starts later.
    if (id === HEADER_BYTE || length < 2 || length > this.maxLength) return undefined;
    return 4 + length;
  }

  protected intact(buf: Uint8Array, at: number, total: number): boolean {
    const chkAt = at + total - 1;
    return checksum(buf, at + 2, chkAt) === buf[chkAt];
  }

  protected decode(buf: Uint8Array, at: number, total: number): ChecksumFrame {
    return {
      id: buf[at + 2] ?? 0,
      code: buf[at + 4] ?? 0,
      params: buf.slice(at + 5, at + total - 1),
      bytes: buf.slice(at, at + total),
    };
  }
}
