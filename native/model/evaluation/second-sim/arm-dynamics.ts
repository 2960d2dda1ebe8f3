/**
 * Gravity loading and inertia of an arm from its link masses. The pitch joints form a planar
 * chain in a vertical plane (angle 0 = pointing up); each joint carries the gravity torque of
 * every link beyond it, so the shoulder's load depends on the elbow and wrist too, and a payload
 * in the gripper loads all of them. Each joint sees the inertia of everything beyond it about its
 * own axis (the diagonal of the mass matrix; the off-diagonal coupling is left out), and the yaw
 * joint sees the whole arm's inertia about the vertical, which grows as the arm reaches out.
 */
import type { RobotBuild } from './robot-builds';

const G = 9.81;

export class ArmDynamics {
  /** Gravity torque (N·m, positive = pushes the joint angle up) and inertia per joint, bus order. */
  readonly gravityNm: Float64Array;
  readonly inertiaKgM2: Float64Array;
  private readonly pitch: number[] = [];
  private readonly yaw: number;
  private readonly roll: number;
  private readonly gripper: number;
  private readonly px: Float64Array;
  private readonly py: Float64Array;
  private readonly mass: Float64Array;
  private readonly own: Float64Array;
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;

  constructor(readonly build: RobotBuild) {
    const n = build.joints.length;
    this.gravityNm = new Float64Array(n);
    this.inertiaKgM2 = new Float64Array(n);
    build.joints.forEach((j, i) => {
      if (j.kind === 'pitch') this.pitch.push(i);
    });
    this.yaw = build.joints.findIndex((j) => j.kind === 'yaw');
    this.roll = build.joints.findIndex((j) => j.kind === 'roll');
    this.gripper = build.joints.findIndex((j) => j.kind === 'gripper');
    const links = build.links.length;
    this.px = new Float64Array(links + 1);
    this.py = new Float64Array(links + 1);
    this.mass = new Float64Array(links);
    // A slender rod about its own centre: m·L²/12.
    this.own = Float64Array.from(build.links, (l) => (l.massKg * l.lengthM * l.lengthM) / 12);
    this.cx = new Float64Array(links);
    this.cy = new Float64Array(links);
  }

  /** Recomputes loads for joint angles `q` (bus order) with `payloadKg` in the gripper. */
  update(q: ArrayLike<number>, payloadKg: number): void {
    const links = this.build.links;
    // Joint positions in the arm plane (x horizontal, y up), shoulder at the origin.
    let phi = Math.PI / 2;
    const { cx, cy } = this;
    for (let k = 0; k < links.length; k++) {
      const link = links[k];
      const jointIndex = this.pitch[k];
      if (!link || jointIndex === undefined) continue;
      phi -= q[jointIndex] ?? 0;
      const c = Math.cos(phi);
      const s = Math.sin(phi);
      const x0 = this.px[k] ?? 0;
      const y0 = this.py[k] ?? 0;
      this.px[k + 1] = x0 + link.lengthM * c;
      this.py[k + 1] = y0 + link.lengthM * s;
      cx[k] = x0 + link.comFraction * link.lengthM * c;
      cy[k] = y0 + link.comFraction * link.lengthM * s;
      this.mass[k] = link.massKg;
    }
    const tipX = this.px[links.length] ?? 0;
    const tipY = this.py[links.length] ?? 0;
    let yawInertia = this.build.baseInertiaKgM2 + payloadKg * tipX * tipX;
    for (let k = 0; k < links.length; k++) {
      const x = cx[k] ?? 0;
      yawInertia += (this.mass[k] ?? 0) * x * x + 0.5 * (this.own[k] ?? 0);
    }
    for (let k = 0; k < this.pitch.length; k++) {
      const jointIndex = this.pitch[k];
      if (jointIndex === undefined) continue;
      const jx = this.px[k] ?? 0;
      const jy = this.py[k] ?? 0;
      let moment = payloadKg * (tipX - jx);
      let inertia = payloadKg * ((tipX - jx) ** 2 + (tipY - jy) ** 2);
      for (let m = k; m < links.length; m++) {
        const dx = (cx[m] ?? 0) - jx;
        const dy = (cy[m] ?? 0) - jy;
        moment += (this.mass[m] ?? 0) * dx;
        inertia += (this.mass[m] ?? 0) * (dx * dx + dy * dy) + (this.own[m] ?? 0);
      }
      // Positive joint angle tips the chain forward (towards +x): gravity pulls it further.
      this.gravityNm[jointIndex] = G * moment;
      this.inertiaKgM2[jointIndex] = inertia;
    }
    if (this.yaw >= 0) {
      this.gravityNm[this.yaw] = 0;
      this.inertiaKgM2[this.yaw] = yawInertia;
    }
    if (this.roll >= 0) {
      this.gravityNm[this.roll] = 0;
      this.inertiaKgM2[this.roll] = this.build.rollInertiaKgM2 + 0.0005 * payloadKg;
    }
    if (this.gripper >= 0) {
      this.gravityNm[this.gripper] = 0;
      this.inertiaKgM2[this.gripper] = this.build.gripperInertiaKgM2;
    }
  }
}
