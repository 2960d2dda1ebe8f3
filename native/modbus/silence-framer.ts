/**
 * Frames a byte stream by silence: a frame ends once the line has been quiet for t3.5. This is
 * how an RTU slave must delimit requests whose length it cannot know (unknown function codes,
 * CRC-broken frames), and how a console shows raw traffic from devices it does not understand.
 */
import { t35Ms } from './timing';

export class SilenceFramer {
  private parts: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly baudRate: number,
    private readonly onFrame: (frame: Uint8Array) => void,
  ) {}

  push(chunk: Uint8Array): void {
    this.parts.push(Buffer.from(chunk));
    if (this.timer) clearTimeout(this.timer);
    // Timers cannot resolve 1.75 ms; rounding up errs on the side of not splitting a frame.
    this.timer = setTimeout(() => this.flush(), Math.ceil(t35Ms(this.baudRate)));
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
