import type { FaultInjector } from './faults';
import type { JointLoad } from './joint-load';
import {
  MOTOR,
  ServoPhysics,
  type Disturbance,
  type DriveCommand,
  type MotorParams,
} from './servo-physics';
import { Trajectory } from './trajectory';
import type { ServoRatings } from '../catalog/servo-ratings';
import { motorFromRatings } from './motor-from-ratings';

/**
 * One simulated servo joint, whatever family's registers drive it: the profile generator, the
 * electromechanical model, the injected faults acting on the shaft, the overload timer and the
 * encoder noise. A family's servo model turns its registers into a JointCommand each step and
 * publishes the joint's state in its own units.
 */
export interface JointEnvironment {
  timeS: number;
  supplyV: number;
  ambientC: number;
  faults: FaultInjector;
}

/**
 * What a servo model asks of its joint: the drive command (goalPwm −1 … 1, pwmLimit 0 … 1), with
 * a goal and the profile's limits in place of the substep target the profile generator makes.
 */
export interface JointCommand extends Omit<DriveCommand, 'targetRad' | 'targetVelRadS'> {
  /** Position goal, rad from the centre position. */
  goalRad: number;
  /** Profile speed limit; Infinity when none. */
  maxVelRadS: number;
  /** Profile acceleration limit; Infinity when none. */
  maxAccRadS2: number;
  /** Velocity-mode goal. */
  goalVelRadS: number;
}

export interface JointLimits {
  torqueOn: boolean;
  temperatureLimitC: number;
  minVoltageV: number;
  maxVoltageV: number;
  pwmLimit: number;
  currentLimitA: number;
}

export interface JointFaults {
  overheating: boolean;
  inputVoltage: boolean;
  overload: boolean;
  encoder: boolean;
}

/** Sustained saturation for this long trips the overload error, as on the real servos. */
const OVERLOAD_TRIP_S = 1.5;

export class SimulatedJoint {
  readonly physics: ServoPhysics;
  readonly trajectory: Trajectory;
  private overloadS = 0;
  private hand: number | null = null;
  private encoderOffsetRad = 0;

  /**
   * `faultScale` sizes injected torques and heat to the servo (stall torque / the XM430-W350's
   * 4.1 N·m), so a collision that jolts an XM430 does not fling an XL330.
   */
  constructor(
    load: JointLoad,
    startRad: number,
    ambientC: number,
    motor: MotorParams = MOTOR,
    private readonly faultScale = 1,
  ) {
    this.physics = new ServoPhysics(load, startRad, ambientC, motor);
    this.trajectory = new Trajectory(startRad);
  }

  /** A joint driven by the motor a model's ratings describe (the XM430-W350's when unrated). */
  static forRatings(
    ratings: ServoRatings | null,
    load: JointLoad,
    startRad: number,
    ambientC: number,
  ): SimulatedJoint {
    if (!ratings) return new SimulatedJoint(load, startRad, ambientC);
    const scale = ratings.stallTorqueNm / 4.1;
    return new SimulatedJoint(load, startRad, ambientC, motorFromRatings(ratings), scale);
  }

  /** A person holding the joint at this angle while torque is off; null lets go. */
  setHand(rad: number | null): void {
    this.hand = rad;
  }

  /** Torque just came on: hold where the shaft is instead of jumping to an old set-point. */
  holdHere(): void {
    this.trajectory.reset(this.physics.sensedRad);
  }

  /** After a reboot or power cycle: the overload timer and encoder glitches are gone. */
  clearFaultState(): void {
    this.overloadS = 0;
    this.encoderOffsetRad = 0;
    this.trajectory.reset(this.physics.angleRad);
  }

  step(dt: number, cmd: JointCommand, id: number, env: JointEnvironment): void {
    if (cmd.torqueOn && cmd.mode === 'position') {
      this.trajectory.step(cmd.goalRad, cmd.maxVelRadS, cmd.maxAccRadS2, dt);
    } else if (!cmd.torqueOn) {
      this.trajectory.reset(this.physics.sensedRad);
    }
    this.physics.step(
      dt,
      {
        torqueOn: cmd.torqueOn,
        mode: cmd.mode,
        targetRad: this.trajectory.positionRad,
        targetVelRadS: cmd.mode === 'velocity' ? cmd.goalVelRadS : this.trajectory.velocityRadS,
        goalCurrentA: cmd.goalCurrentA,
        goalPwm: cmd.goalPwm,
        pwmLimit: cmd.pwmLimit,
        currentLimitA: cmd.currentLimitA,
        kp: cmd.kp,
        kd: cmd.kd,
      },
      this.disturbance(env.faults, id, env.timeS),
      env.supplyV,
      env.ambientC,
    );
  }

  /** Which protections the servo's firmware would trip after this step. */
  detectFaults(dt: number, limits: JointLimits, id: number, env: JointEnvironment): JointFaults {
    const p = this.physics;
    const saturated =
      limits.torqueOn &&
      (Math.abs(p.pwm) >= 0.97 * limits.pwmLimit ||
        Math.abs(p.currentA) >= 0.97 * limits.currentLimitA);
    this.overloadS =
      saturated && Math.abs(p.velocityRadS) < 0.5
        ? this.overloadS + dt
        : Math.max(0, this.overloadS - dt);
    return {
      overheating: p.windingC >= limits.temperatureLimitC,
      inputVoltage: env.supplyV < limits.minVoltageV || env.supplyV > limits.maxVoltageV,
      overload: this.overloadS >= OVERLOAD_TRIP_S,
      encoder: env.faults.level('encoder_fault', id, env.timeS) >= 0.5,
    };
  }

  /** The angle the servo reports: the sensed shaft plus encoder glitches while that fault acts. */
  reportedRad(id: number, faults?: FaultInjector, timeS = 0): number {
    const encoder = faults ? faults.level('encoder_fault', id, timeS) : 0;
    if (encoder > 0 && faults && faults.random.next() < 0.05 * encoder) {
      this.encoderOffsetRad = faults.random.gaussian() * encoder * 0.5;
    } else if (encoder === 0) {
      this.encoderOffsetRad = 0;
    }
    return this.physics.sensedRad + this.encoderOffsetRad;
  }

  private disturbance(faults: FaultInjector, id: number, t: number): Disturbance {
    const p = this.physics;
    const opposing = -Math.sign(p.velocityRadS || p.pwm || 1);
    const collisionAge = faults.age('collision', id, t);
    const collision =
      collisionAge >= 0 && collisionAge < 0.15
        ? faults.level('collision', id, t) * 4 * opposing
        : 0;
    const size = this.faultScale;
    const stall = faults.level('overload', id, t) * 6 * size;
    const wearAge = faults.age('wear', id, t);
    const wear = wearAge >= 0 ? faults.level('wear', id, t) * Math.min(1, 0.1 + wearAge / 60) : 0;
    return {
      torqueNm: collision * size,
      extraFrictionNm: stall + 0.3 * size * wear,
      extraHeatW: faults.level('overheating', id, t) * 8 * size,
      backlashRad: 0.03 * wear,
      handRad: this.hand,
    };
  }
}
