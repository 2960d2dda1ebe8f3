import { describe, expect, it } from 'vitest';
import { Gripper2F85Model } from '../../../../../native/grippers/robotiq/sim/gripper-2f85-model';

function activated(object: ConstructorParameters<typeof Gripper2F85Model>[1] = null) {
  const model = new Gripper2F85Model(1000, object);
  model.writeOutputs(0, [0x01]);
  for (let t = 0; t < 1000; t += 10) model.step(10);
  return model;
}

function runUntilStopped(model: Gripper2F85Model, limitMs = 10_000): number {
  let t = 0;
  for (; t < limitMs; t += 10) {
    model.step(10);
    if ((model.inputBytes()[0] ?? 0) >> 6 !== 0) break;
  }
  return t + 10;
}

describe('2F-85 behaviour model', () => {
  it('takes about a second to activate', () => {
    const model = new Gripper2F85Model();
    model.writeOutputs(0, [0x01]);
    model.step(500);
    expect((model.inputBytes()[0] ?? 0) & 0x30).toBe(0x10);
    model.step(510);
    expect((model.inputBytes()[0] ?? 0) & 0x30).toBe(0x30);
  });

  it('moves at the commanded speed: 20 mm/s at 0, 150 mm/s at 255', () => {
    const slow = activated();
    slow.writeOutputs(0, [0x09, 0, 0, 255, 0, 255]);
    expect(runUntilStopped(slow) / 1000).toBeCloseTo(85 / 20, 0);
    const fast = activated();
    fast.writeOutputs(0, [0x09, 0, 0, 255, 255, 255]);
    expect(runUntilStopped(fast) / 1000).toBeCloseTo(85 / 150, 1);
  });

  it('stops on an object and draws more current with more force', () => {
    const currents = [50, 255].map((force) => {
      const model = activated({ widthMm: 40, grip: 'outer' });
      model.writeOutputs(0, [0x09, 0, 0, 255, 255, force]);
      runUntilStopped(model);
      expect((model.inputBytes()[0] ?? 0) >> 6).toBe(2);
      for (let i = 0; i < 50; i++) model.step(10);
      return model.currentA;
    });
    expect(currents[1]).toBeGreaterThan((currents[0] ?? 0) + 0.2);
  });

  it('stops a move when rGTO drops', () => {
    const model = activated();
    model.writeOutputs(0, [0x09, 0, 0, 255, 0, 0]);
    model.step(500);
    model.writeOutputs(0, [0x01]);
    const held = model.position;
    model.step(500);
    expect(model.position).toBe(held);
  });

  it('reports a priority fault when asked to move unactivated, then during activation', () => {
    const model = new Gripper2F85Model();
    model.writeOutputs(0, [0x08, 0, 0, 255]);
    expect(model.faultCode()).toBe(0x07);
    model.writeOutputs(0, [0x09]);
    model.step(10);
    expect(model.faultCode()).toBe(0x05);
    for (let t = 0; t < 1000; t += 10) model.step(10);
    expect(model.faultCode()).toBe(0);
  });

  it('raises 0x09 after a second without hearing the master, once', () => {
    const model = activated();
    model.step(1200);
    expect(model.faultCode()).toBe(0x09);
    model.writeOutputs(0, [0x01]);
    expect(model.faultCode()).toBe(0);
  });
});
