/**
 * The host's poll loop as the telemetry shows it: one Sync Read of every joint per cycle at the
 * nominal rate, with a jittery period and now and then a scheduling hiccup; each row is stamped
 * when its reply arrives (1–3 ms of USB latency, integer milliseconds). A failed read is retried
 * once within the cycle, which delays that row and the next cycle; a second failure loses the
 * sample. Now and then the host logs a stale value again under a new stamp, or writes a row
 * twice. A degrading link (fault) makes one servo's reads fail in growing bursts.
 */
import type { TelemetryRow } from '../../telemetry';
import type { DegradingLink } from './fault-effects';
import type { Xoshiro128 } from './random';
import type { StreamSpec } from './scenario';
import type { ServoRegisters } from './servo-unit';

export interface StreamCounts {
  cycles: number;
  rows: number;
  lost: number;
  retried: number;
  stale: number;
  duplicated: number;
}

export class TelemetryStream {
  readonly rows: TelemetryRow[] = [];
  readonly counts: StreamCounts = {
    cycles: 0,
    rows: 0,
    lost: 0,
    retried: 0,
    stale: 0,
    duplicated: 0,
  };
  private nextPollS: number;
  private lastStampMs: number[];
  private lastRow: (TelemetryRow | null)[];
  private recording = true;

  constructor(
    readonly spec: StreamSpec,
    readonly robot: string,
    readonly joints: readonly string[],
    private readonly r: Xoshiro128,
    private readonly degraded: { index: number; link: DegradingLink } | null,
  ) {
    this.nextPollS = r.between(0, 1 / spec.sampleHz);
    this.lastStampMs = joints.map(() => -1);
    this.lastRow = joints.map(() => null);
  }

  /** Stops recording (the run-on past the end of a scenario is never in the telemetry). */
  stop(): void {
    this.recording = false;
  }

  due(tS: number): boolean {
    return this.recording && tS >= this.nextPollS;
  }

  /** One poll cycle at `tS` reading `read(i)` for every joint. */
  poll(tS: number, read: (i: number) => ServoRegisters): void {
    const s = this.spec;
    const r = this.r;
    this.counts.cycles++;
    const latencyMs = 1 + 2 * r.uniform() + (r.chance(0.004) ? r.between(4, 30) : 0);
    let busTimeMs = 0;
    for (let i = 0; i < this.joints.length; i++) {
      const linkP =
        this.degraded && this.degraded.index === i ? this.degraded.link.failureP(tS) : 0;
      const failP = 1 - (1 - s.lossP) * (1 - linkP);
      let delayMs = 0;
      if (r.chance(failP)) {
        // Retry after the reply timeout.
        const timeoutMs = r.between(3, 8);
        busTimeMs += timeoutMs;
        delayMs = busTimeMs;
        this.counts.retried++;
        if (r.chance(failP)) {
          this.counts.lost++;
          continue;
        }
      }
      const stampMs = Math.round(tS * 1000 + latencyMs + delayMs);
      const previous = this.lastRow[i] ?? null;
      if (previous && r.chance(s.duplicateP)) {
        this.rows.push({ ...previous });
        this.counts.duplicated++;
      }
      if (stampMs <= (this.lastStampMs[i] ?? -1)) continue;
      const name = this.joints[i] ?? `joint${i}`;
      let row: TelemetryRow;
      if (previous && r.chance(s.staleP)) {
        row = { ...previous, tMs: stampMs };
        this.counts.stale++;
      } else {
        const reg = read(i);
        row = {
          tMs: stampMs,
          robot: this.robot,
          joint: name,
          positionRad: reg.positionRad,
          velocityRadS: reg.velocityRadS,
          currentA: reg.currentA,
          voltageV: reg.voltageV,
          temperatureC: reg.temperatureC,
          hwError: reg.hwError,
        };
      }
      this.rows.push(row);
      this.counts.rows++;
      this.lastRow[i] = row;
      this.lastStampMs[i] = stampMs;
    }
    let period = (1 / s.sampleHz) * (1 + s.periodJitter * r.normal());
    if (r.chance(s.hiccupP)) period += Math.min(0.4, r.exponential(0.04));
    // A cycle cannot start before the previous one (with its retries) has finished.
    this.nextPollS = tS + Math.max(period, (busTimeMs + latencyMs) / 1000, 0.002);
  }
}
