import { describe, expect, it } from 'vitest';
import { createLoopbackPair } from '../../../../../native/transport/loopback-transport';
import { HardwareErrorBit } from '../../../../../native/servos/dynamixel2/errors';
import type { DynamixelBusSimulator } from '../../../../../native/servos/dynamixel2/sim/bus-simulator';
import type { FaultSpec } from '../../../../../native/servos/physics/faults';
import { createOpenManipulatorX } from '../../../../../native/robots/sim/open-manipulator-x';

/** Physics and fault behaviour, stepped directly (no bus traffic needed). */
function arm(seed = 3): DynamixelBusSimulator {
  const [, device] = createLoopbackPair('faults', 1_000_000);
  const sim = createOpenManipulatorX(device, { autoStart: false, seed });
  for (const servo of sim.servos) servo.write(64, Uint8Array.of(1));
  return sim;
}

function goal(sim: DynamixelBusSimulator, id: number, raw: number): void {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setInt32(0, raw, true);
  expect(sim.servo(id)?.write(116, data)).toBe(0);
}

describe('simulated XM430-W350 physics and faults', () => {
  it('a stalled joint trips Overload and drops torque', () => {
    const sim = arm();
    sim.injectFault({ name: 'overload', id: 11, magnitude: 1 });
    goal(sim, 11, 2048 + 800);
    sim.run(3);
    const s = sim.servo(11);
    expect((s?.hardwareError ?? 0) & HardwareErrorBit.Overload).toBeTruthy();
    expect(s?.torqueOn).toBe(false);
  });

  it('a collision shows as a current spike without latching an error', () => {
    const sim = arm();
    goal(sim, 11, 2048 + 1000);
    sim.run(0.3);
    const before = Math.abs(sim.servo(11)?.get('presentCurrent') ?? 0);
    sim.injectFault({ name: 'collision', id: 11, magnitude: 1 });
    sim.run(0.05);
    const during = Math.abs(sim.servo(11)?.get('presentCurrent') ?? 0);
    expect(during).toBeGreaterThan(before * 1.5);
    expect(sim.servo(11)?.hardwareError).toBe(0);
  });

  it('voltage sag lowers every servo’s input voltage and latches the voltage bit', () => {
    const sim = arm();
    sim.run(0.1);
    expect(sim.servo(12)?.get('presentInputVoltage')).toBeGreaterThan(115);
    sim.injectFault({ name: 'voltage_sag', magnitude: 1 });
    sim.run(0.1);
    for (const s of sim.servos) {
      expect(s.get('presentInputVoltage')).toBeLessThan(95);
      expect(s.hardwareError & HardwareErrorBit.InputVoltage).toBeTruthy();
      // Input voltage is not in the default Shutdown mask (52), so torque stays on, as on hardware.
      expect(s.torqueOn).toBe(true);
    }
  });

  it('an encoder fault makes the position jump and latches the encoder bit', () => {
    const sim = arm();
    sim.injectFault({ name: 'encoder_fault', id: 14, magnitude: 1 });
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      sim.step(0.005);
      seen.add(sim.servo(14)?.get('presentPosition') ?? 0);
    }
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(50);
    expect((sim.servo(14)?.hardwareError ?? 0) & HardwareErrorBit.MotorEncoder).toBeTruthy();
  });

  it('wear adds friction: more current to hold the same motion', () => {
    const cost = (faults: FaultSpec[]): number => {
      const sim = arm();
      faults.forEach((f) => sim.injectFault(f));
      sim.run(61);
      let sum = 0;
      for (let i = 0; i < 400; i++) {
        goal(sim, 11, 2048 + (i % 200 < 100 ? 300 : -300));
        sim.step(0.005);
        sum += Math.abs(sim.servo(11)?.get('presentCurrent') ?? 0);
      }
      return sum;
    };
    expect(cost([{ name: 'wear', id: 11, magnitude: 1 }])).toBeGreaterThan(cost([]) * 1.1);
  });

  it('heats with current and cools toward ambient', () => {
    const sim = arm();
    sim.injectFault({ name: 'overload', id: 12, magnitude: 0.3, durationS: 20 });
    goal(sim, 12, 2048 + 600);
    sim.run(20);
    const hot = sim.servo(12)?.physics.windingC ?? 0;
    expect(hot).toBeGreaterThan(27);
    sim.run(300);
    expect(sim.servo(12)?.physics.windingC ?? 0).toBeLessThan(hot);
  });

  it('an overheating fault trips the temperature limit, then cools with torque off', () => {
    const sim = arm();
    sim.injectFault({ name: 'overheating', id: 13, magnitude: 1.6, durationS: 600 });
    let peak = 0;
    let trippedAtS: number | null = null;
    for (let s = 0; s < 600; s++) {
      sim.run(1);
      const servo = sim.servo(13)!;
      peak = Math.max(peak, servo.physics.windingC);
      if (trippedAtS === null && servo.hardwareError & HardwareErrorBit.Overheating) trippedAtS = s;
    }
    const servo = sim.servo(13)!;
    expect(trippedAtS).not.toBeNull();
    expect(servo.torqueOn).toBe(false);
    // The limit is 80 °C: past the trip the winding only cools, still inside the fault's window.
    expect(peak).toBeLessThan(85);
    expect(servo.physics.windingC).toBeLessThan(peak - 10);
  });

  it('is deterministic for a given seed', () => {
    const trace = (seed: number): number[] => {
      const sim = arm(seed);
      sim.injectFault({ name: 'encoder_fault', id: 13, magnitude: 0.4 });
      return Array.from({ length: 300 }, () => {
        sim.step(0.005);
        return sim.servo(13)?.get('presentPosition') ?? 0;
      });
    };
    expect(trace(9)).toEqual(trace(9));
    expect(trace(9)).not.toEqual(trace(10));
  });
});
