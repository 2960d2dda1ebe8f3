/**
 * Frames a byte stream by silence: a frame ends once the line has been quiet for t3.5. This is
 * how an RTU slave must delimit requests whose length it cannot know (unknown function codes,
 * CRC-broken frames), and how a console shows raw traffic from devices it does not understand.
 */
import { t35Ms } from './timing';

export class SilenceFramer {
  private parts: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastByteAt = 0;

  constructor(
    private readonly baudRate: number,
    private readonly onFrame: (frame: Uint8Array) => void,
  ) {}

  push(chunk: Uint8Array): void {
    this.parts.push(Buffer.from(chunk));
    this.lastByteAt = performance.now();
    if (!this.timer) this.arm();
  }

  /** Node timers run in whole milliseconds and may fire early, so the clock has the last word. */
  private arm(): void {
    const wait = this.lastByteAt + t35Ms(this.baudRate) - performance.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (performance.now() - this.lastByteAt >= t35Ms(this.baudRate)) this.flush();
        else this.arm();
      },
      Math.max(1, Math.ceil(wait)),
    );
  }

  /** Hands over what is buffered now, as if the silence had already elapsed. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.parts.length === 0) return;
    const frame = Uint8Array.from(Buffer.concat(this.parts));
    this.parts = [];
    this.onFrame(frame);
  }

  /** Drops buffered bytes without a frame (after a frame was recognised by its length). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
  }

  get pending(): Uint8Array {
    return Uint8Array.from(Buffer.concat(this.parts));
  }
}
