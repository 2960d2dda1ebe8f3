/**
 * A session's poll loop: one poll after another at the session's rate, the measured rate, and
 * silence detection (no reply for a while while the link is open means the robot is gone).
 * Stopping bumps a generation, so a poll scheduled or in flight for an old link never carries on
 * into a new one.
 */
import { QueueClosedError } from '../transport/transaction-queue';

export interface PollLoopOptions {
  hz: number;
  silenceTimeoutMs: number;
  /** One poll cycle; calls `answered()` as soon as the robot has replied. */
  poll: () => Promise<void>;
  /** A poll failed: false when the loop should end quietly (the link is going away anyway). */
  keepsGoing: (error: unknown) => boolean;
  /** Nothing answered for longer than silenceTimeoutMs; the loop has ended. */
  onSilent: (silentMs: number) => void;
}

export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private generation = 0;
  private lastOkAt = 0;
  private cycleTimes: number[] = [];

  constructor(private readonly options: PollLoopOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Cycles per second over the last second. */
  get measuredHz(): number {
    const now = performance.now();
    this.cycleTimes = this.cycleTimes.filter((t) => now - t < 1000);
    return this.cycleTimes.length;
  }

  start(): void {
    this.stop();
    this.running = true;
    this.lastOkAt = performance.now();
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The robot replied: counts a cycle and resets the silence clock. */
  answered(): void {
    this.lastOkAt = performance.now();
    this.cycleTimes.push(this.lastOkAt);
    if (this.cycleTimes.length > 4 * this.options.hz) this.cycleTimes.shift();
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    const generation = this.generation;
    const run = () => {
      if (generation === this.generation) void this.cycle(generation);
    };
    // setTimeout has a 1 ms floor: a loop asked to run flat out uses setImmediate instead.
    if (delayMs <= 0) {
      setImmediate(run);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      run();
    }, delayMs);
  }

  private async cycle(generation: number): Promise<void> {
    const started = performance.now();
    try {
      await this.options.poll();
      if (generation !== this.generation) return;
    } catch (error) {
      if (generation !== this.generation) return; // The link changed underneath us.
      if (!this.options.keepsGoing(error)) return;
      const silentMs = performance.now() - this.lastOkAt;
      if (silentMs > this.options.silenceTimeoutMs && !(error instanceof QueueClosedError)) {
        this.stop();
        this.options.onSilent(silentMs);
        return;
      }
    }
    const elapsed = performance.now() - started;
    this.schedule(Math.max(0, 1000 / this.options.hz - elapsed));
  }
}
