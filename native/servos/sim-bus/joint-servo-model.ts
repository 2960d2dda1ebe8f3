import type { ServoRatings } from '../catalog/servo-ratings';
import type { JointLoad } from '../physics/joint-load';
import { bareLoadFor } from '../physics/motor-from-ratings';
import type { ServoPhysics } from '../physics/servo-physics';
import {
  SimulatedJoint,
  type JointCommand,
  type JointEnvironment,
  type JointFaults,
  type JointLimits,
} from '../physics/simulated-joint';

export interface JointServoOptions {
  id: number;
  name?: string;
  load?: Partial<JointLoad>;
  ambientC?: number;
  /** Start angle, rad from the centre position. */
  startRad?: number;
}

/**
 * What every family's simulated servo has in common: one SimulatedJoint sized from the model's
 * ratings, the registers every control table names alike (ID, Return Delay Time, Torque Enable,
 * the voltage limits in 0.1 V), and the step: command the joint, check for faults, publish. A
 * family adds its memory, its units and its firmware's rules.
 */
export abstract class JointServoModel {
  readonly name: string;
  readonly ratings: ServoRatings | null;
  readonly load: JointLoad;
  protected readonly joint: SimulatedJoint;

  protected constructor(options: JointServoOptions, ratings: ServoRatings | null) {
    this.name = options.name ?? `servo${options.id}`;
    this.ratings = ratings;
    this.load = { ...bareLoadFor(ratings), ...options.load };
    const start = options.startRad ?? 0;
    this.joint = SimulatedJoint.forRatings(ratings, this.load, start, options.ambientC ?? 25);
  }

  /** A control-table item's value as the firmware reads it. */
  protected abstract register(key: string): number;
  /** The registers turned into this step's command for the joint. */
  protected abstract command(): JointCommand;
  /** Fault checks after the joint moved, in the family's error bits. */
  protected abstract protect(dt: number, env: JointEnvironment): void;
  /** The joint's state into the Present… registers. */
  protected abstract publish(supplyV: number, env?: JointEnvironment): void;

  get id(): number {
    return this.register('id');
  }

  get returnDelayS(): number {
    return this.register('returnDelayTime') * 2e-6;
  }

  get torqueOn(): boolean {
    return this.register('torqueEnable') === 1;
  }

  get supplyCurrentA(): number {
    return this.joint.physics.supplyCurrentA;
  }

  get physics(): ServoPhysics {
    return this.joint.physics;
  }

  /** Moves the joint by hand (rad from centre) while torque is off; null lets go. */
  setExternalHand(rad: number | null): void {
    this.joint.setHand(rad);
  }

  step(dt: number, env: JointEnvironment): void {
    this.joint.step(dt, this.command(), this.id, env);
    this.protect(dt, env);
    this.publish(env.supplyV, env);
  }

  /** The joint's fault checks, with the supply limits read from Min/Max Voltage Limit. */
  protected findFaults(
    dt: number,
    env: JointEnvironment,
    limits: Omit<JointLimits, 'minVoltageV' | 'maxVoltageV'>,
  ): JointFaults {
    return this.joint.detectFaults(
      dt,
      {
        torqueOn: limits.torqueOn,
        temperatureLimitC: limits.temperatureLimitC,
        minVoltageV: this.register('minVoltageLimit') / 10,
        maxVoltageV: this.register('maxVoltageLimit') / 10,
        pwmLimit: limits.pwmLimit,
        currentLimitA: limits.currentLimitA,
      },
      this.id,
      env,
    );
  }
}
