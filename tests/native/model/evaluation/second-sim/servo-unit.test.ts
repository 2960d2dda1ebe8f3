/** One simulated servo on the bench: its ratings come back out of the physics. */
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../../../../native/model/evaluation/second-sim/random';
import {
  SERVO_FAMILY_IDS,
  SERVO_RATINGS,
  type ServoFamilyId,
} from '../../../../../native/model/evaluation/second-sim/servo-ratings';
import { ServoUnit } from '../../../../../native/model/evaluation/second-sim/servo-unit';

const free = { minRad: -Infinity, maxRad: Infinity };

function bench(family: ServoFamilyId, ambientC = 25) {
  return new ServoUnit(SERVO_RATINGS[family], 0, free, ambientC, 1, new Xoshiro128(3));
}

const clock = new WeakMap<ServoUnit, number>();

/** Runs `seconds` at the family's rated voltage with a constant link load. */
function run(s: ServoUnit, seconds: number, loadNm = 0, inertia = 0.002) {
  const v = s.ratings.ratedV;
  let k = clock.get(s) ?? 0;
  for (const end = k + seconds * 1000; k < end; k++) s.step(k / 1000, v, loadNm, inertia, 0, 25);
  clock.set(s, k);
}

describe.each(SERVO_FAMILY_IDS)('%s on the bench', (family) => {
  const r = SERVO_RATINGS[family];

  it('runs near its rated no-load speed when driven flat out', () => {
    const s = bench(family);
    s.firmware.goalRad = 1e6;
    run(s, 3);
    const rpm = (s.drivetrain.linkRadS * 60) / (2 * Math.PI);
    expect(rpm).toBeGreaterThan(0.85 * r.noLoadSpeedRpm);
    expect(rpm).toBeLessThan(1.1 * r.noLoadSpeedRpm);
  });

  it('draws about its stall current and gives about its stall torque when held still', () => {
    const s = bench(family);
    s.drivetrain.bindingNm = 10 * r.stallTorqueNm;
    s.firmware.goalRad = 1;
    run(s, 0.5);
    const expected = Math.min(r.stallCurrentA, r.currentLimitA);
    expect(s.motor.currentA).toBeGreaterThan(0.85 * expected);
    expect(s.motor.currentA).toBeLessThan(1.05 * Math.max(r.stallCurrentA, r.currentLimitA));
    expect(s.drivetrain.gearTorqueNm).toBeGreaterThan(
      0.8 * Math.min(1, expected / r.stallCurrentA) * r.stallTorqueNm,
    );
    // Held at stall it trips its own overload protection within seconds and lets go.
    run(s, 4);
    expect(s.firmware.hwError & 0x20).toBe(0x20);
    expect(s.firmware.torqueEnabled).toBe(false);
    expect(Math.abs(s.motor.currentA)).toBeLessThan(0.01);
  });
});

describe('heating with current, cooling when idle', () => {
  it('a joint holding more torque runs hotter, as I²R says', () => {
    const light = bench('XM430-W350@12V');
    const heavy = bench('XM430-W350@12V');
    const stall = SERVO_RATINGS['XM430-W350@12V'].stallTorqueNm;
    run(light, 600, 0.1 * stall);
    run(heavy, 600, 0.4 * stall);
    const riseLight = light.thermal.sensorC - 25;
    const riseHeavy = heavy.thermal.sensorC - 25;
    expect(Math.abs(heavy.motor.currentA)).toBeGreaterThan(3 * Math.abs(light.motor.currentA));
    expect(riseHeavy).toBeGreaterThan(4 * riseLight - 2);
    expect(riseHeavy).toBeGreaterThan(20);
    expect(heavy.firmware.hwError).toBe(0);
  });

  it('with torque off it draws no motor current and cools towards ambient', () => {
    const s = bench('STS3215@7.4V');
    run(s, 300, 0.45 * SERVO_RATINGS['STS3215@7.4V'].stallTorqueNm);
    const hot = s.thermal.sensorC;
    s.firmware.torqueEnabled = false;
    run(s, 600, 0);
    expect(Math.abs(s.motor.currentA)).toBeLessThan(1e-3);
    expect(s.thermal.sensorC).toBeLessThan(hot - 5);
    expect(s.thermal.sensorC).toBeGreaterThanOrEqual(25);
  });

  it('trips its overheating alarm at its temperature limit and drops torque', () => {
    const s = bench('XL330-M288@5V', 35);
    s.thermal.coolingResistanceFactor = 4;
    let tripped = -1;
    for (let k = 0; k < 3600_000 && tripped < 0; k++) {
      s.step(k / 1000, 5, 0.5 * SERVO_RATINGS['XL330-M288@5V'].stallTorqueNm, 0.002, 0, 35);
      if (s.firmware.hwError & 0x04) tripped = k;
    }
    expect(tripped).toBeGreaterThan(60_000);
    expect(Math.round(s.thermal.sensorC)).toBeGreaterThanOrEqual(70);
    expect(s.thermal.sensorC).toBeLessThan(72);
    expect(s.firmware.torqueEnabled).toBe(false);
  });
});
