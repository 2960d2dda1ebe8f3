import type { JointLoad } from './joint-load';

/** A geared DC motor as seen at the output shaft, and how its winding heats and cools. */
export interface MotorParams {
  resistanceOhm: number;
  torquePerAmp: number;
  backEmfVPerRadS: number;
  standbyCurrentA: number;
  thermalResistanceCPerW: number;
  heatCapacityJPerC: number;
}

/**
 * Electromechanical model of one XM430-W350 at the output shaft. Datasheet @ 12 V: stall
 * 4.1 N·m at 2.3 A, no-load 46 rev/min. A DC motor behind a 353.5:1 gearbox: current from
 * the applied voltage minus back-EMF, torque from current, winding heat from I²R. Other
 * models derive theirs from their ratings (servos/physics/motor-from-ratings.ts).
 */
export const MOTOR = {
  resistanceOhm: 12 / 2.3,
  torquePerAmp: 4.1 / 2.3,
  backEmfVPerRadS: 12 / ((46 * 2 * Math.PI) / 60),
  standbyCurrentA: 0.04,
  /** Winding-to-air thermal resistance and heat capacity: a two-minute time constant. */
  thermalResistanceCPerW: 10,
  heatCapacityJPerC: 12,
} as const satisfies MotorParams;

export type ControlMode = 'current' | 'velocity' | 'position' | 'pwm';

/** Per-substep inputs from the control table and the bus. */
export interface DriveCommand {
  torqueOn: boolean;
  mode: ControlMode;
  /** Position-loop target (rad) from the trajectory generator. */
  targetRad: number;
  targetVelRadS: number;
  goalCurrentA: number;
  goalPwm: number;
  pwmLimit: number;
  currentLimitA: number;
  /** Position P gain as duty per rad of error. */
  kp: number;
  /** Position D gain as duty per rad/s. */
  kd: number;
}

/** Torques from outside the servo (faults, a person's hand). */
export interface Disturbance {
  torqueNm: number;
  extraFrictionNm: number;
  extraHeatW: number;
  /** Dead band between motor and output (rad): worn gears. */
  backlashRad: number;
  /** A hand holding the joint at this angle (rad from centre) while torque is off. */
  handRad: number | null;
}

export class ServoPhysics {
  /** Output angle, rad from the centre position (raw 2048). */
  angleRad: number;
  velocityRadS = 0;
  currentA = 0;
  pwm = 0;
  windingC: number;
  /** The angle the controller believes, lagging by the backlash play. */
  sensedRad: number;

  constructor(
    readonly load: JointLoad,
    startRad: number,
    ambientC: number,
    readonly motor: MotorParams = MOTOR,
  ) {
    this.angleRad = startRad;
    this.sensedRad = startRad;
    this.windingC = ambientC;
  }

  /** Advances by `dt` seconds in ≤1 ms substeps (the loop is stiff at 200 Hz). */
  step(dt: number, cmd: DriveCommand, dist: Disturbance, supplyV: number, ambientC: number): void {
    const n = Math.max(1, Math.ceil(dt / 0.001));
    const h = dt / n;
    for (let i = 0; i < n; i++) this.substep(h, cmd, dist, supplyV, ambientC);
  }

  private substep(
    h: number,
    cmd: DriveCommand,
    dist: Disturbance,
    supplyV: number,
    ambientC: number,
  ): void {
    const m = this.motor;
    const v = Math.max(supplyV, 0.1);
    let duty = 0;
    if (cmd.torqueOn) {
      if (cmd.mode === 'position')
        duty =
          cmd.kp * (cmd.targetRad - this.sensedRad) -
          cmd.kd * this.velocityRadS +
          (cmd.targetVelRadS * m.backEmfVPerRadS) / v;
      else if (cmd.mode === 'velocity')
        duty =
          (cmd.targetVelRadS * m.backEmfVPerRadS) / v +
          0.5 * (cmd.targetVelRadS - this.velocityRadS);
      else if (cmd.mode === 'current')
        duty = (cmd.goalCurrentA * m.resistanceOhm + m.backEmfVPerRadS * this.velocityRadS) / v;
      else duty = cmd.goalPwm;
      duty = clamp(duty, -cmd.pwmLimit, cmd.pwmLimit);
    }
    let current = cmd.torqueOn
      ? (duty * v - m.backEmfVPerRadS * this.velocityRadS) / m.resistanceOhm
      : 0;
    const limit =
      cmd.mode === 'current'
        ? Math.min(Math.abs(cmd.goalCurrentA), cmd.currentLimitA)
        : cmd.currentLimitA;
    if (Math.abs(current) > limit) {
      // The driver backs the duty off so the current stays at the limit.
      current = Math.sign(current) * limit;
      duty = (current * m.resistanceOhm + m.backEmfVPerRadS * this.velocityRadS) / v;
    }
    this.pwm = duty;
    this.currentA = current;

    const load = this.load;
    const q = this.angleRad;
    let drive =
      m.torquePerAmp * current + load.gravityNm * Math.sin(q - load.gravityZeroRad) + dist.torqueNm;
    if (!cmd.torqueOn && dist.handRad !== null)
      drive += 12 * (dist.handRad - q) - 0.8 * this.velocityRadS;
    const stat = load.staticFrictionNm + dist.extraFrictionNm;
    const kin = load.kineticFrictionNm + dist.extraFrictionNm;
    let w = this.velocityRadS;
    if (Math.abs(w) < 1e-3 && Math.abs(drive) <= stat) {
      w = 0; // stiction holds
    } else {
      const dir = w !== 0 ? Math.sign(w) : Math.sign(drive);
      const accel = (drive - dir * kin - load.viscousNmPerRadS * w) / load.inertiaKgM2;
      const next = w + accel * h;
      // Friction stops motion; it never reverses it.
      w = w !== 0 && Math.sign(next) !== Math.sign(w) && Math.abs(drive) <= stat ? 0 : next;
    }
    let angle = q + w * h;
    if (angle < load.minRad || angle > load.maxRad) {
      angle = clamp(angle, load.minRad, load.maxRad);
      w = 0;
    }
    this.angleRad = angle;
    this.velocityRadS = w;
    const play = dist.backlashRad / 2;
    if (angle - this.sensedRad > play) this.sensedRad = angle - play;
    else if (this.sensedRad - angle > play) this.sensedRad = angle + play;

    // A fault's extra heat comes from the motor working (friction, a failing winding): with
    // torque off nothing drives it, and the servo cools towards ambient.
    const heat = current * current * m.resistanceOhm + (cmd.torqueOn ? dist.extraHeatW : 0);
    const cooling = (this.windingC - ambientC) / m.thermalResistanceCPerW;
    this.windingC += ((heat - cooling) / m.heatCapacityJPerC) * h;
  }

  /** Current drawn from the supply: the H-bridge passes duty × motor current, plus the electronics. */
  get supplyCurrentA(): number {
    return Math.abs(this.pwm * this.currentA) + this.motor.standbyCurrentA;
  }
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
