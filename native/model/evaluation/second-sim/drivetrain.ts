/**
 * The mechanics of one joint as two inertias joined by the gear train: the rotor (reflected to
 * the output) and the link. The gear train is a stiff spring with a dead zone (backlash) and some
 * damping while the teeth are in contact; gearbox friction acts on the rotor side as Coulomb +
 * viscous + Stribeck (static friction that falls off with speed), with true sticking; a binding
 * mechanism adds Coulomb friction on the link side; worn teeth add a torque ripple at the mesh
 * frequency. Semi-implicit Euler at 1 ms (the gear mode stays below 0.5 rad per step).
 */
export interface DrivetrainParameters {
  rotorInertiaKgM2: number;
  gearStiffnessNmPerRad: number;
  coulombFrictionNm: number;
  staticFrictionNm: number;
  stribeckRadS: number;
  viscousNmPerRadS: number;
  minRad: number;
  maxRad: number;
}

/** Below this speed (rad/s) a shaft may stick. */
const STICK_RAD_S = 1e-3;
/** Teeth of the output stage per output revolution: sets the ripple frequency of worn gears. */
const MESH_TEETH = 36;

export class Drivetrain {
  rotorRad: number;
  rotorRadS = 0;
  linkRad: number;
  linkRadS = 0;
  /** Full backlash play (rad). */
  backlashRad: number;
  /** Worn-gear ripple amplitude (N·m) and a friction multiplier (wear, cold grease). */
  rippleNm = 0;
  frictionFactor = 1;
  /** Link-side Coulomb friction from a binding mechanism (N·m). */
  bindingNm = 0;
  /** Torque transmitted through the gear on the last step (N·m), for losses and tests. */
  gearTorqueNm = 0;
  /** Friction power dissipated in the gearbox on the last step (W): heats the case. */
  frictionLossW = 0;
  private readonly damping: number;

  constructor(
    readonly p: DrivetrainParameters,
    startRad: number,
    backlashRad: number,
  ) {
    this.rotorRad = startRad;
    this.linkRad = startRad;
    this.backlashRad = backlashRad;
    // About 10 % of critical damping against the rotor inertia while the teeth are in contact.
    this.damping = 0.2 * Math.sqrt(p.gearStiffnessNmPerRad * p.rotorInertiaKgM2);
  }

  /**
   * One step. `motorNm` drives the rotor; `linkLoadNm` acts on the link (gravity, contact);
   * `linkInertiaKgM2` is the link's present inertia about this joint.
   */
  step(h: number, motorNm: number, linkLoadNm: number, linkInertiaKgM2: number): void {
    const p = this.p;
    const half = this.backlashRad / 2;
    const delta = this.rotorRad - this.linkRad;
    let deflection = 0;
    if (delta > half) deflection = delta - half;
    else if (delta < -half) deflection = delta + half;
    const gear =
      deflection === 0
        ? 0
        : p.gearStiffnessNmPerRad * deflection + this.damping * (this.rotorRadS - this.linkRadS);
    this.gearTorqueNm = gear;

    const ripple = this.rippleNm === 0 ? 0 : this.rippleNm * Math.sin(MESH_TEETH * this.rotorRad);
    const rotorDrive = motorNm - gear - ripple;
    const fc = p.coulombFrictionNm * this.frictionFactor;
    const fs = p.staticFrictionNm * this.frictionFactor;
    this.rotorRadS = frictionStep(
      this.rotorRadS,
      rotorDrive,
      fc,
      fs,
      p.stribeckRadS,
      p.viscousNmPerRadS * this.frictionFactor,
      p.rotorInertiaKgM2,
      h,
    );
    const w = this.rotorRadS;
    this.frictionLossW =
      Math.abs(w) *
      (fc + (fs - fc) * Math.exp(-((w / p.stribeckRadS) ** 2)) + p.viscousNmPerRadS * Math.abs(w));

    const linkInertia = Math.max(linkInertiaKgM2, 0.1 * p.rotorInertiaKgM2);
    const b = this.bindingNm;
    this.linkRadS = frictionStep(this.linkRadS, gear + linkLoadNm, b, b, 1, 0, linkInertia, h);
    this.frictionLossW += b * Math.abs(this.linkRadS);

    this.rotorRad += h * this.rotorRadS;
    this.linkRad += h * this.linkRadS;
    // Mechanical stops: the link stops dead (plastic impact), the rotor then meets it via the gear.
    if (this.linkRad < p.minRad) {
      this.linkRad = p.minRad;
      if (this.linkRadS < 0) this.linkRadS = 0;
    } else if (this.linkRad > p.maxRad) {
      this.linkRad = p.maxRad;
      if (this.linkRadS > 0) this.linkRadS = 0;
    }
  }
}

/**
 * New velocity of a shaft with inertia `j` under `drive` and friction: it sticks while the drive
 * is within static friction, friction never reverses the motion, and the Stribeck curve blends
 * static into Coulomb friction as the shaft speeds up.
 */
export function frictionStep(
  w: number,
  drive: number,
  coulomb: number,
  stat: number,
  stribeck: number,
  viscous: number,
  j: number,
  h: number,
): number {
  if (Math.abs(w) < STICK_RAD_S) {
    if (Math.abs(drive) <= stat) return 0;
    return (h * (drive - Math.sign(drive) * stat)) / j;
  }
  const dir = Math.sign(w);
  const friction =
    dir * (coulomb + (stat - coulomb) * Math.exp(-((w / stribeck) ** 2))) + viscous * w;
  const next = w + (h * (drive - friction)) / j;
  return Math.sign(next) !== dir ? 0 : next;
}
