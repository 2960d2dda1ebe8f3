/**
 * The host's side of the work: goal positions streamed to every joint each millisecond, for three
 * kinds of duty. Idle holds a pose with an occasional small adjustment (and the gripper and wrist
 * resting with torque off for a while); pick-and-place moves between random poses along minimum-
 * jerk paths, closes the gripper on an object (which then loads every pitch joint as payload) and
 * releases it elsewhere, then dwells; continuous motion sweeps every joint along a sum of slow
 * sinusoids, as in teleoperation or a demonstration loop.
 */
import type { Xoshiro128 } from './random';
import type { JointBuild, RobotBuild } from './robot-builds';

export type DutyCycle = 'idle' | 'pick_and_place' | 'continuous';

export interface MotionOptions {
  duty: DutyCycle;
  /** Fraction of the time spent moving (pick-and-place). */
  workFraction: number;
  /** Joint speed as a fraction of the servos' no-load speed. */
  speedFraction: number;
  payloadKg: number;
  noLoadRadS: number;
}

interface Segment {
  t0: number;
  t1: number;
  from: Float64Array;
  to: Float64Array;
}

type Step =
  | { kind: 'move'; pose: Float64Array }
  | { kind: 'grip'; close: boolean }
  | { kind: 'wait'; s: number }
  | { kind: 'rest'; on: boolean };

export class MotionPlanner {
  readonly goals: Float64Array;
  /** Per joint: torque enabled by the host. */
  readonly torqueWanted: Uint8Array;
  payloadKg = 0;
  /** Gripper contact angle while an object sits between the fingers (null = none). */
  objectRad: number | null = null;
  /** The gripper's current limit fraction while it grasps (null = the servo's default). */
  grasping = false;
  private segment: Segment | null = null;
  private queue: Step[] = [];
  private waitUntil = 0;
  private readonly gripper: number;
  private readonly phases: { f: number; a: number; p: number }[][];
  private readonly centre: Float64Array;

  constructor(
    readonly build: RobotBuild,
    readonly options: MotionOptions,
    private readonly r: Xoshiro128,
  ) {
    const n = build.joints.length;
    this.goals = Float64Array.from(build.joints, (j) => j.homeRad);
    this.torqueWanted = new Uint8Array(n).fill(1);
    this.gripper = build.joints.findIndex((j) => j.kind === 'gripper');
    this.centre = Float64Array.from(build.joints, (j) => this.workPoint(j, 0.5));
    this.phases = build.joints.map((j) => {
      const span = (j.maxRad - j.minRad) * 0.18 * (0.5 + options.speedFraction);
      return [0, 1].map(() => ({
        f: r.between(0.03, 0.25),
        a: span * r.between(0.3, 0.7),
        p: r.between(0, 2 * Math.PI),
      }));
    });
  }

  /** A point of a joint's working range (0…1 across the middle of its travel). */
  private workPoint(j: JointBuild, u: number): number {
    if (j.kind === 'pitch') {
      // Keep the pitch chain in front of the robot, where real work happens.
      const lo = j.homeRad - 0.5;
      const hi = j.homeRad + 0.6;
      return clamp(lo + (hi - lo) * u, j.minRad + 0.1, j.maxRad - 0.1);
    }
    const lo = j.minRad + 0.25 * (j.maxRad - j.minRad);
    const hi = j.maxRad - 0.25 * (j.maxRad - j.minRad);
    return lo + (hi - lo) * u;
  }

  /** A pose for the arm; the gripper is NaN (it keeps whatever it is doing when the move starts). */
  private randomPose(): Float64Array {
    return Float64Array.from(this.build.joints, (j, i) =>
      i === this.gripper ? NaN : this.workPoint(j, this.r.uniform()),
    );
  }

  private planCycle(): void {
    const o = this.options;
    if (o.duty === 'idle') {
      const pose = Float64Array.from(this.goals);
      const j = this.r.below(pose.length);
      const joint = this.build.joints[j];
      if (joint && j !== this.gripper)
        pose[j] = clamp((pose[j] ?? 0) + this.r.between(-0.25, 0.25), joint.minRad, joint.maxRad);
      const rest = this.r.chance(0.25);
      this.queue.push(
        { kind: 'move', pose },
        ...(rest ? [{ kind: 'rest', on: false } as const] : []),
        { kind: 'wait', s: this.r.between(20, 120) },
        ...(rest ? [{ kind: 'rest', on: true } as const] : []),
      );
      return;
    }
    const pick = this.randomPose();
    const place = this.randomPose();
    const moving = 4 * (1.2 + 1.5 / Math.max(o.speedFraction, 0.1));
    const dwell = (moving * (1 - o.workFraction)) / Math.max(o.workFraction, 0.05);
    this.queue.push(
      { kind: 'grip', close: false },
      { kind: 'move', pose: pick },
      { kind: 'grip', close: true },
      { kind: 'wait', s: 0.4 },
      { kind: 'move', pose: place },
      { kind: 'grip', close: false },
      { kind: 'wait', s: 0.3 },
      { kind: 'move', pose: Float64Array.from(this.build.joints, (j) => j.homeRad) },
      { kind: 'wait', s: dwell * this.r.between(0.5, 1.5) },
    );
  }

  private start(step: Step, tS: number): void {
    const g = this.gripper;
    const gj = this.build.joints[g];
    if (step.kind === 'wait') {
      this.waitUntil = tS + step.s;
      return;
    }
    if (step.kind === 'rest') {
      this.build.joints.forEach((j, i) => {
        if (j.kind === 'roll' || j.kind === 'gripper') this.torqueWanted[i] = step.on ? 1 : 0;
      });
      return;
    }
    let to: Float64Array;
    if (step.kind === 'grip') {
      to = Float64Array.from(this.goals);
      if (gj && g >= 0) {
        const open = this.goals[g] ?? gj.maxRad;
        const size = gj.minRad + this.r.between(0.25, 0.55) * (gj.maxRad - gj.minRad);
        if (step.close && size < open - 0.1) {
          this.objectRad = size;
          // Squeeze a little past the contact: the current limit sets the grip force.
          to[g] = size - 0.15;
          this.grasping = true;
        } else if (!step.close) {
          to[g] = gj.maxRad - 0.2;
          this.grasping = false;
        }
      }
    } else
      to = Float64Array.from(step.pose, (x, i) => (Number.isNaN(x) ? (this.goals[i] ?? 0) : x));
    let far = 0;
    to.forEach((x, i) => (far = Math.max(far, Math.abs(x - (this.goals[i] ?? 0)))));
    const speed = this.options.speedFraction * this.options.noLoadRadS;
    // A minimum-jerk path peaks at 1.875× its mean speed.
    const duration = Math.max(0.4, (1.875 * far) / speed);
    this.segment = { t0: tS, t1: tS + duration, from: Float64Array.from(this.goals), to };
  }

  /** Goals for time `tS` (called every millisecond, in order). */
  update(tS: number): void {
    if (this.options.duty === 'continuous') {
      this.phases.forEach((waves, i) => {
        if (i === this.gripper) return;
        let x = this.centre[i] ?? 0;
        for (const w of waves) x += w.a * Math.sin(2 * Math.PI * w.f * tS + w.p);
        const j = this.build.joints[i];
        if (j) this.goals[i] = clamp(x, j.minRad + 0.05, j.maxRad - 0.05);
      });
      const gj = this.build.joints[this.gripper];
      if (gj) {
        const open = Math.sin(2 * Math.PI * 0.07 * tS) > 0;
        this.goals[this.gripper] = open ? gj.maxRad - 0.3 : gj.minRad + 0.3;
      }
      this.payloadKg = 0;
      return;
    }
    const seg = this.segment;
    if (seg) {
      const u = Math.min(1, (tS - seg.t0) / (seg.t1 - seg.t0));
      const s = u * u * u * (10 - 15 * u + 6 * u * u);
      for (let i = 0; i < this.goals.length; i++) {
        const a = seg.from[i] ?? 0;
        this.goals[i] = a + ((seg.to[i] ?? a) - a) * s;
      }
      if (u < 1) return;
      this.segment = null;
    }
    if (tS < this.waitUntil) return;
    if (this.queue.length === 0) this.planCycle();
    const next = this.queue.shift();
    if (next) this.start(next, tS);
  }

  /** Called by the robot when the fingers have closed on or let go of the object. */
  setHolding(holding: boolean): void {
    this.payloadKg = holding ? this.options.payloadKg : 0;
    if (!holding && !this.grasping) this.objectRad = null;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
