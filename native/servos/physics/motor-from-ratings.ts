import { BARE_SERVO, type JointLoad } from './joint-load';
import { MOTOR, type MotorParams } from './servo-physics';
import type { ServoRatings } from '../catalog/servo-ratings';

/**
 * A model's motor from its datasheet, the way the XM430-W350 constants were made: at the
 * nominal voltage, stall current gives the winding resistance, stall torque per amp the torque
 * constant, and the no-load speed the back-EMF constant. The thermal path keeps the XM430's
 * two-minute time constant, scaled by size (a servo that dissipates more has more mass).
 */
export function motorFromRatings(ratings: ServoRatings): MotorParams {
  const size = ratings.stallTorqueNm / 4.1;
  return {
    resistanceOhm: ratings.nominalVoltageV / ratings.stallCurrentA,
    torquePerAmp: ratings.stallTorqueNm / ratings.stallCurrentA,
    backEmfVPerRadS: ratings.nominalVoltageV / ((ratings.noLoadSpeedRpm * 2 * Math.PI) / 60),
    standbyCurrentA: ratings.standbyCurrentA,
    thermalResistanceCPerW: MOTOR.thermalResistanceCPerW / Math.sqrt(size),
    heatCapacityJPerC: MOTOR.heatCapacityJPerC * Math.sqrt(size),
  };
}

/**
 * A bare servo on the bench, scaled from the XM430-W350's: inertia and gearbox friction grow
 * with the stall torque, so a small XL330 starts moving as readily as an XM430 does.
 */
export function bareLoadFor(ratings: ServoRatings | null): JointLoad {
  if (!ratings) return { ...BARE_SERVO };
  const k = ratings.stallTorqueNm / 4.1;
  return {
    ...BARE_SERVO,
    inertiaKgM2: BARE_SERVO.inertiaKgM2 * k,
    staticFrictionNm: BARE_SERVO.staticFrictionNm * k,
    kineticFrictionNm: BARE_SERVO.kineticFrictionNm * k,
    viscousNmPerRadS: BARE_SERVO.viscousNmPerRadS * k,
  };
}
