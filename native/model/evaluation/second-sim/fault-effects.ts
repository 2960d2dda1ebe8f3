/**
 * Turns a scenario's fault into what the physics and the stream feel at each instant. Growth is
 * a clamp of (t − onset)/ramp; random events (encoder glitches, collision timing, lost replies)
 * draw from the fault's own stream so the rest of the run is unchanged by them.
 */
import type { Xoshiro128 } from './random';
import type { FaultSpec } from './scenario';

export function growth(f: FaultSpec, tS: number): number {
  if (tS < f.onsetS) return 0;
  if (f.rampS <= 0) return 1;
  return Math.min(1, (tS - f.onsetS) / f.rampS);
}

const p = (f: FaultSpec, key: string, fallback = 0): number => f.params[key] ?? fallback;

/** Encoder readings that jump away and back. */
export class EncoderGlitches {
  offsetRad = 0;
  private until = -1;
  private next: number;

  constructor(
    private readonly f: FaultSpec,
    private readonly r: Xoshiro128,
  ) {
    this.next = f.onsetS + r.exponential(1 / Math.max(p(f, 'ratePerS', 1), 1e-3));
  }

  update(tS: number): void {
    if (this.until >= 0 && tS >= this.until) {
      this.offsetRad = 0;
      this.until = -1;
    }
    if (tS < this.next) return;
    const f = this.f;
    // A failing encoder gets worse: the jumps grow from a tenth of their final size.
    const size = 0.1 + 0.9 * growth(f, tS);
    const a =
      p(f, 'amplitudeRad', 0.1) * size * this.r.between(0.5, 1) * (this.r.chance(0.5) ? 1 : -1);
    this.offsetRad = a;
    this.until = tS + this.r.between(p(f, 'minMs', 5), p(f, 'maxMs', 50)) / 1000;
    this.next = this.until + this.r.exponential(1 / Math.max(p(f, 'ratePerS', 1), 1e-3));
  }
}

/**
 * Knocks into an obstacle: each waits until the joint is moving, then an obstacle appears just
 * ahead of the link, pushes back as a stiff spring-damper while the link presses into it, and
 * gives way after `holdS` (a box pushed aside, a hand pulled back).
 */
export class CollisionObstacle {
  readonly impactsS: number[] = [];
  private pending: number[] = [];
  private obstacle: { at: number; dir: number; until: number } | null = null;
  private readonly stiffness: number;

  constructor(
    private readonly f: FaultSpec,
    stallTorqueNm: number,
    r: Xoshiro128,
  ) {
    let t = f.onsetS;
    for (let i = 0; i < Math.max(1, p(f, 'impacts', 1)); i++) {
      this.pending.push(t);
      t += p(f, 'spacingS', 60) * r.between(0.7, 1.3);
    }
    this.stiffness = p(f, 'stiffness', 40) * stallTorqueNm;
  }

  /** Torque on the link (N·m) at link angle `q` and speed `v`. */
  torque(tS: number, q: number, v: number): number {
    const next = this.pending[0];
    if (!this.obstacle && next !== undefined && tS >= next && Math.abs(v) > 0.25) {
      this.pending.shift();
      const dir = Math.sign(v);
      this.obstacle = { at: q + dir * 0.004, dir, until: tS + p(this.f, 'holdS', 0.3) };
      this.impactsS.push(tS);
    }
    const o = this.obstacle;
    if (!o) return 0;
    if (tS >= o.until) {
      this.obstacle = null;
      return 0;
    }
    const penetration = (q - o.at) * o.dir;
    if (penetration <= 0) return 0;
    const closing = Math.max(0, v * o.dir);
    return -o.dir * (this.stiffness * penetration + 0.02 * this.stiffness * closing);
  }
}

/**
 * A failing cable at one servo, as a two-state channel: bursts of lost replies whose rate and
 * length grow with the fault, and a background loss between them. Retries cost bus time.
 */
export class DegradingLink {
  private bad = true;
  private stateUntil = 0;

  constructor(
    private readonly f: FaultSpec,
    private readonly r: Xoshiro128,
  ) {}

  /** Probability that one read of this servo fails at `tS`. */
  failureP(tS: number): number {
    const g = growth(this.f, tS);
    if (g <= 0) return 0;
    if (tS >= this.stateUntil) {
      if (this.bad) {
        this.bad = false;
        this.stateUntil = tS + this.r.exponential(1 / (0.02 + 0.35 * g));
      } else {
        this.bad = true;
        this.stateUntil = tS + this.r.exponential(0.05 + p(this.f, 'finalBurstS', 2) * g);
      }
    }
    return this.bad ? 0.97 : p(this.f, 'finalLoss', 0.1) * g;
  }
}
