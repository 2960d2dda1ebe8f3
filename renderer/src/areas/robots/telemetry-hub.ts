/**
 * Telemetry for the UI: `telemetry.batch` (about every 100 ms, 50 Hz × every joint) lands in a
 * ring buffer per robot without touching React; listeners are told at most once per animation
 * frame, so plots redraw at the display's pace and numbers re-render at a readable, throttled
 * rate whatever the sample rate is.
 */
import { TELEMETRY_CHANNEL_FIELDS, type TelemetryField } from '../../../../native/domain';
import type { GenbaApi, TelemetrySample } from '../../api/contract';

/** Every channel but the hardware error bits, which are shown as text rather than plotted. */
export type Channel = Exclude<TelemetryField, 'hwError'>;
export const CHANNELS = TELEMETRY_CHANNEL_FIELDS.filter((f): f is Channel => f !== 'hwError');

/** Enough for 60 s at 60 Hz; older rows are overwritten. */
const CAPACITY = 4096;

class RobotTelemetry {
  readonly times = new Float64Array(CAPACITY);
  private readonly columns = new Map<string, Float64Array>();
  readonly latest = new Map<string, TelemetrySample>();
  /** Total rows ever written; the newest is at (rows - 1) % CAPACITY. */
  rows = 0;

  private column(joint: string, channel: Channel): Float64Array {
    const key = `${joint}\u0000${channel}`;
    let column = this.columns.get(key);
    if (!column) {
      column = new Float64Array(CAPACITY).fill(Number.NaN);
      this.columns.set(key, column);
    }
    return column;
  }

  add(samples: readonly TelemetrySample[]): void {
    for (const sample of samples) {
      // One row per poll cycle: every joint of a cycle shares its timestamp.
      const newest = this.rows > 0 ? this.times[(this.rows - 1) % CAPACITY] : undefined;
      if (newest === undefined || sample.tMs !== newest) {
        if (newest !== undefined && sample.tMs < newest) continue;
        const row = this.rows % CAPACITY;
        this.times[row] = sample.tMs;
        for (const column of this.columns.values()) column[row] = Number.NaN;
        this.rows++;
      }
      const row = (this.rows - 1) % CAPACITY;
      for (const channel of CHANNELS) this.column(sample.joint, channel)[row] = sample[channel];
      this.latest.set(sample.joint, sample);
    }
  }

  /** Whether the joint's latest sample is younger than `maxAgeMs` (wall clock). */
  isFresh(joint: string, maxAgeMs: number): boolean {
    const sample = this.latest.get(joint);
    return sample !== undefined && Date.now() - sample.tMs < maxAgeMs;
  }

  get newestMs(): number | null {
    return this.rows > 0 ? (this.times[(this.rows - 1) % CAPACITY] ?? null) : null;
  }

  /** Rows newer than `fromMs`, oldest first: x in seconds, then one array per series. */
  window(fromMs: number, series: readonly { joint: string; channel: Channel }[]) {
    const count = Math.min(this.rows, CAPACITY);
    let start = this.rows - count;
    // Binary search for the first row at or after fromMs.
    let lo = start;
    let hi = this.rows;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid % CAPACITY] ?? 0) < fromMs) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
    const n = this.rows - start;
    const xs = new Array<number>(n);
    const ys = series.map(() => new Array<number | null>(n));
    const columns = series.map(({ joint, channel }) => this.column(joint, channel));
    for (let i = 0; i < n; i++) {
      const row = (start + i) % CAPACITY;
      xs[i] = (this.times[row] ?? 0) / 1000;
      for (let s = 0; s < columns.length; s++) {
        const value = columns[s]?.[row] ?? Number.NaN;
        (ys[s] as (number | null)[])[i] = Number.isNaN(value) ? null : value;
      }
    }
    return [xs, ...ys] as [number[], ...(number | null)[][]];
  }
}

export class TelemetryHub {
  private readonly robots = new Map<string, RobotTelemetry>();
  private readonly listeners = new Set<(robotId: string) => void>();
  private readonly dirty = new Set<string>();
  private frame: number | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly api: GenbaApi) {}

  robot(robotId: string): RobotTelemetry {
    let robot = this.robots.get(robotId);
    if (!robot) {
      robot = new RobotTelemetry();
      this.robots.set(robotId, robot);
    }
    return robot;
  }

  /** Subscribes to the server stream while anyone listens. */
  listen(listener: (robotId: string) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribe ??= this.api.subscribe('telemetry.batch', (batch) => {
      this.robot(batch.robotId).add(batch.samples);
      this.dirty.add(batch.robotId);
      this.frame ??= requestAnimationFrame(() => this.flush());
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = null;
        if (this.frame !== null) cancelAnimationFrame(this.frame);
        this.frame = null;
      }
    };
  }

  private flush(): void {
    this.frame = null;
    const robots = [...this.dirty];
    this.dirty.clear();
    for (const robotId of robots) for (const listener of this.listeners) listener(robotId);
  }
}

const hubs = new WeakMap<GenbaApi, TelemetryHub>();

export function telemetryHub(api: GenbaApi): TelemetryHub {
  let hub = hubs.get(api);
  if (!hub) {
    hub = new TelemetryHub(api);
    hubs.set(api, hub);
  }
  return hub;
}
