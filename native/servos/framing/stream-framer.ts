/**
 * The streaming half of a packet framer, whatever the packet: feed it arbitrary chunks, get whole
 * checked frames; it never throws. Bytes before a header are noise. A header whose length cannot
 * be right, and a frame that fails its check, give up only their first byte, so a real frame that
 * starts inside a false or damaged one is still found. What a header, a length, the check and a
 * frame are is the format's (a subclass: Protocol 2.0, the `FF FF ID LEN` checksum families).
 */
export abstract class StreamFramer<Frame> {
  /** Frames passed, frames that failed their check, bytes of noise thrown away. */
  protected readonly counts = { frames: 0, damaged: 0, garbageBytes: 0 };
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;

  constructor(
    /** Bytes of a frame needed before `frameLength` can tell its size. */
    private readonly prefixBytes: number,
    /** Sees every run of bytes thrown away: noise, or a whole frame that failed its check. */
    private readonly onDiscard?: (bytes: Uint8Array, damaged: boolean) => void,
  ) {}

  get buffered(): number {
    return this.end - this.start;
  }

  /** Forgets buffered bytes (after a timeout, so a late reply is not taken for the next one). */
  reset(): void {
    this.discard(this.start, this.end);
    this.start = 0;
    this.end = 0;
  }

  push(chunk: Uint8Array): Frame[] {
    this.append(chunk);
    const frames: Frame[] = [];
    const buf = this.buf;
    for (;;) {
      const header = this.findHeader(buf, this.start, this.end);
      if (header > this.start) {
        this.discard(this.start, header);
        this.start = header;
      }
      if (this.end - this.start < this.prefixBytes) break;
      const total = this.frameLength(buf, this.start);
      if (total === undefined) {
        this.discard(this.start, this.start + 1);
        this.start += 1;
        continue;
      }
      if (this.end - this.start < total) break;
      if (!this.intact(buf, this.start, total)) {
        this.counts.damaged++;
        this.onDiscard?.(buf.slice(this.start, this.start + total), true);
        this.start += 1;
        continue;
      }
      frames.push(this.decode(buf, this.start, total));
      this.counts.frames++;
      this.start += total;
    }
    this.compact();
    return frames;
  }

  /** Index of the next header in `buf[from, to)`, of a header prefix at the very end, or `to`. */
  protected abstract findHeader(buf: Uint8Array, from: number, to: number): number;

  /** The whole frame's size from its first `prefixBytes`, or undefined when no frame starts here. */
  protected abstract frameLength(buf: Uint8Array, at: number): number | undefined;

  /** Whether the frame `buf[at, at + total)` passes its checksum or CRC. */
  protected abstract intact(buf: Uint8Array, at: number, total: number): boolean;

  protected abstract decode(buf: Uint8Array, at: number, total: number): Frame;

  private discard(from: number, to: number): void {
    if (to <= from) return;
    this.counts.garbageBytes += to - from;
    this.onDiscard?.(this.buf.slice(from, to), false);
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
