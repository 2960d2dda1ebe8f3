import { describe, expect, it } from 'vitest';
import { DYNAMIXEL2_MODELS } from '../../../../native/servos/dynamixel2/x-series-models';
import {
  bareLoadFor,
  motorFromRatings,
} from '../../../../native/servos/physics/motor-from-ratings';
import { BARE_SERVO } from '../../../../native/servos/physics/joint-load';
import { MOTOR } from '../../../../native/servos/physics/servo-physics';

describe('motor from datasheet ratings', () => {
  it('gives exactly the hand-made XM430-W350 motor and bench load from its ratings', () => {
    const ratings = DYNAMIXEL2_MODELS.describe(1020).ratings!;
    expect(motorFromRatings(ratings)).toEqual({ ...MOTOR });
    expect(bareLoadFor(ratings)).toEqual(BARE_SERVO);
  });

  it('reproduces stall torque at stall current and the no-load speed for every rated X model', () => {
    for (const model of DYNAMIXEL2_MODELS.models) {
      const r = model.ratings;
      if (!r) continue;
      const m = motorFromRatings(r);
      expect(m.torquePerAmp * (r.nominalVoltageV / m.resistanceOhm)).toBeCloseTo(
        r.stallTorqueNm,
        9,
      );
      expect(((r.nominalVoltageV / m.backEmfVPerRadS) * 60) / (2 * Math.PI)).toBeCloseTo(
        r.noLoadSpeedRpm,
        9,
      );
      // The thermal time constant stays the XM430's two minutes.
      expect(m.thermalResistanceCPerW * m.heatCapacityJPerC).toBeCloseTo(120, 9);
    }
  });
});
