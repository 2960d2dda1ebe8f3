import { describe, expect, it } from 'vitest';
import { SERVO_RATINGS } from '../../../../../native/model/evaluation/second-sim/servo-ratings';
import { ThermalNetwork } from '../../../../../native/model/evaluation/second-sim/thermal-network';

const params = SERVO_RATINGS['XM430-W350@12V'].sim;

function run(net: ThermalNetwork, seconds: number, windingW: number, caseW: number, ambientC = 25) {
  const trace: number[] = [];
  for (let i = 0; i < seconds; i++) {
    net.step(1, windingW, caseW, ambientC);
    trace.push(net.windingC);
  }
  return trace;
}

describe('two-node thermal network', () => {
  it('heats monotonically towards the steady state the resistances give, never past it', () => {
    const net = new ThermalNetwork(params, 25);
    const trace = run(net, 3 * 3600, 3, 0.5);
    const steadyWinding = 25 + 3.5 * params.caseToAmbientKPerW + 3 * params.windingToCaseKPerW;
    for (let i = 1; i < trace.length; i++)
      expect(trace[i]).toBeGreaterThanOrEqual(trace[i - 1] ?? 0);
    expect(Math.max(...trace)).toBeLessThanOrEqual(steadyWinding + 1e-9);
    expect(net.windingC).toBeCloseTo(steadyWinding, 1);
    expect(net.sensorC).toBeCloseTo(net.steadySensorC(3, 0.5, 25), 1);
    // The sensor sits between case and winding.
    expect(net.sensorC).toBeGreaterThan(net.caseC);
    expect(net.sensorC).toBeLessThan(net.windingC);
  });

  it('cools back to ambient with no power and never below it', () => {
    const net = new ThermalNetwork(params, 70);
    const trace = run(net, 3 * 3600, 0, 0, 22);
    expect(Math.min(...trace)).toBeGreaterThanOrEqual(22);
    expect(net.windingC).toBeCloseTo(22, 1);
  });

  it('takes minutes, not seconds: the case sets a time constant of several minutes', () => {
    const net = new ThermalNetwork(params, 25);
    run(net, 60, 3, 0);
    const after1min = net.sensorC;
    run(net, 540, 3, 0);
    expect(after1min - 25).toBeLessThan(0.35 * (net.sensorC - 25));
  });

  it('blocked cooling raises the steady state in proportion to the case-to-ambient resistance', () => {
    const net = new ThermalNetwork(params, 25);
    const normal = net.steadySensorC(2, 0, 25) - 25;
    net.coolingResistanceFactor = 3;
    const blocked = net.steadySensorC(2, 0, 25) - 25;
    expect(blocked / normal).toBeGreaterThan(2.5);
    expect(blocked / normal).toBeLessThan(3);
  });

  it('is stable for any step: a 10-minute step still lands between start and steady state', () => {
    const net = new ThermalNetwork(params, 25);
    net.step(600, 5, 0, 25);
    expect(net.windingC).toBeGreaterThan(25);
    expect(net.windingC).toBeLessThan(
      25 + 5 * (params.caseToAmbientKPerW + params.windingToCaseKPerW),
    );
  });
});
