import { describe, expect, it } from 'vitest';
import {
  PowerBus,
  type SupplySpec,
} from '../../../../../native/model/evaluation/second-sim/power-bus';

const supply: SupplySpec = {
  kind: 'regulated',
  nominalV: 12,
  sourceOhm: 0.2,
  segmentOhm: 0.03,
  batteryVPerAh: 0,
  rippleV: 0,
};

function settle(bus: PowerBus, currents: number[], seconds = 0.05) {
  const a = Float64Array.from(currents);
  for (let k = 0; k < seconds * 1000; k++) bus.step(k / 1000, a);
}

describe('shared supply with source impedance', () => {
  it('sags under load by I·R, and the last servo on the chain sees the least', () => {
    const bus = new PowerBus(supply, 3, 0.001);
    settle(bus, [0.05, 0.05, 0.05]);
    const idle = Array.from(bus.servoV);
    settle(bus, [2, 1, 1]);
    expect(bus.busV).toBeCloseTo(12 - 0.2 * 4, 2);
    expect(bus.servoV[0]).toBeCloseTo(bus.busV - 0.03 * 4, 2);
    expect(bus.servoV[2]).toBeCloseTo(bus.busV - 0.03 * (4 + 2 + 1), 2);
    expect(idle.every((v) => v > 11.9)).toBe(true);
  });

  it('a corroded connector only shows under load; a droop shows always', () => {
    const bus = new PowerBus(supply, 2, 0.001);
    bus.extraSourceOhm = 2;
    settle(bus, [0.02, 0.02]);
    expect(bus.busV).toBeGreaterThan(11.9);
    settle(bus, [1, 1]);
    expect(bus.busV).toBeCloseTo(12 - 2.2 * 2, 1);
    bus.extraSourceOhm = 0;
    bus.droopV = 1.5;
    settle(bus, [0.02, 0.02]);
    expect(bus.busV).toBeCloseTo(10.5, 1);
  });

  it('a battery loses voltage with the charge it delivers', () => {
    const bus = new PowerBus({ ...supply, kind: 'battery', batteryVPerAh: 0.5 }, 1, 0.001);
    settle(bus, [2], 1800);
    expect(bus.openCircuitV).toBeCloseTo(12 - 0.5 * 1, 2);
  });
});
