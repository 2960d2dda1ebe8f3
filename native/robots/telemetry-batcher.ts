/**
 * Telemetry from the poll loop, handed on in batches (about every 100 ms) to the UI stream and
 * the flight recorder. A consumer's failure never stops the poll loop, and a stalled consumer
 * never makes the buffer grow without bound.
 */
import type { TelemetryBatch, TelemetrySample } from '../domain';

export class TelemetryBatcher {
  private samples: TelemetrySample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly robotId: string,
    private readonly consumers: readonly (((batch: TelemetryBatch) => void) | undefined)[],
    /** At most this many samples wait; the oldest `dropBy` go first. */
    private readonly limit: number,
    private readonly dropBy: number,
    private readonly everyMs = 100,
  ) {}

  add(samples: readonly TelemetrySample[]): void {
    this.samples.push(...samples);
    if (this.samples.length > this.limit) this.samples.splice(0, this.dropBy);
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.flush(), this.everyMs);
    this.timer.unref();
  }

  /** Stops the timer and hands on what is left. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private flush(): void {
    if (this.samples.length === 0) return;
    const batch = { robotId: this.robotId, samples: this.samples };
    this.samples = [];
    try {
      for (const consumer of this.consumers) consumer?.(batch);
    } catch {
      // A consumer's failure never stops the poll loop.
    }
  }
}
