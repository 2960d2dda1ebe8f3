import type { TelemetryRow } from './telemetry';

/**
 * Telemetry column by column: the times and one array per channel, index i of each being one
 * sample. Typed arrays where it is stored or sent to the inference host, plain while it collects.
 */
export interface SampleColumns<Real = Float64Array, Bits = Int32Array> {
  t: Real;
  pos: Real;
  vel: Real;
  cur: Real;
  volt: Real;
  temp: Real;
  hw: Bits;
}

/** One joint's samples in time order, columnar, with cheap append and pruning. */
export class JointSeries implements SampleColumns {
  t: Float64Array;
  pos: Float64Array;
  vel: Float64Array;
  cur: Float64Array;
  volt: Float64Array;
  temp: Float64Array;
  hw: Int32Array;
  start = 0;
  end = 0;

  constructor(capacity = 1024) {
    this.t = new Float64Array(capacity);
    this.pos = new Float64Array(capacity);
    this.vel = new Float64Array(capacity);
    this.cur = new Float64Array(capacity);
    this.volt = new Float64Array(capacity);
    this.temp = new Float64Array(capacity);
    this.hw = new Int32Array(capacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  get lastT(): number {
    return this.end > this.start ? (this.t[this.end - 1] ?? -Infinity) : -Infinity;
  }

  push(row: TelemetryRow): void {
    // Out-of-order or duplicate samples are dropped: the stream must be monotonic.
    if (row.tMs <= this.lastT) return;
    if (this.end === this.t.length) this.grow();
    const i = this.end++;
    this.t[i] = row.tMs;
    this.pos[i] = row.positionRad;
    this.vel[i] = row.velocityRadS;
    this.cur[i] = row.currentA;
    this.volt[i] = row.voltageV;
    this.temp[i] = row.temperatureC;
    this.hw[i] = row.hwError;
  }

  /** Forgets samples older than `tMs`. */
  prune(tMs: number): void {
    while (this.start < this.end && (this.t[this.start] ?? 0) < tMs) this.start++;
    if (this.start > 4096 && this.start > this.end / 2) this.compact();
  }

  /** First index with t ≥ tMs (binary search). */
  lowerBound(tMs: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.t[mid] ?? 0) < tMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const n = this.length;
    const cap = Math.max(1024, n * 2);
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(this.start, this.end));
      return b;
    };
    this.t = copy(this.t, (c) => new Float64Array(c));
    this.pos = copy(this.pos, (c) => new Float64Array(c));
    this.vel = copy(this.vel, (c) => new Float64Array(c));
    this.cur = copy(this.cur, (c) => new Float64Array(c));
    this.volt = copy(this.volt, (c) => new Float64Array(c));
    this.temp = copy(this.temp, (c) => new Float64Array(c));
    this.hw = copy(this.hw, (c) => new Int32Array(c));
    this.start = 0;
    this.end = n;
  }

  private compact(): void {
    const n = this.length;
    for (const a of [this.t, this.pos, this.vel, this.cur, this.volt, this.temp, this.hw])
      a.copyWithin(0, this.start, this.end);
    this.start = 0;
    this.end = n;
  }
}
