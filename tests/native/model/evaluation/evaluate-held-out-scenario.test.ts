/**
 * One scenario through the harness end to end: simulate → CSV → the CLI's parser → diagnoseRows
 * → score. A stand-in classifier that always says "normal" leaves only the servo's own alarms,
 * so the harness must score the fault found but late; the committed pack runs the real path.
 */
import { describe, expect, it } from 'vitest';
import type { Classifier } from '../../../../native/model/detector';
import { evaluateHeldOutScenario } from '../../../../native/model/evaluation/evaluate-held-out-scenario';
import { drawScenario } from '../../../../native/model/evaluation/second-sim/draw-scenario';
import { DEFAULT_PACK_DIR } from '../../../../native/model/model-registry';
import {
  checkModelWithOnnxRuntime,
  PackClassifier,
} from '../../../../native/model/pack/onnx-session';
import { verifyPack } from '../../../../native/model/pack/verify-pack';
import { CLASS_NAMES } from '../../../../native/model/taxonomy';

const alwaysNormal: Classifier = (_x, n) => {
  const probs = new Float32Array(n * CLASS_NAMES.length);
  for (let i = 0; i < n; i++) probs[i * CLASS_NAMES.length] = 1;
  return { probs, anomaly: new Float32Array(n) };
};

function fastOverload() {
  const spec = drawScenario(4242, {
    build: 'arm-xl430',
    sampleHz: 25,
    fault: { class: 'overload', variant: 'fast' },
    duty: 'continuous',
  });
  const f = spec.fault;
  if (!f) throw new Error('no fault');
  return {
    ...spec,
    durationS: 100,
    fault: { ...f, onsetS: 20, rampS: 4, joint: 'shoulder_lift', params: { peakFraction: 1.5 } },
  };
}

describe('the harness on one scenario', () => {
  it('scores a fault seen only through the servo’s own alarm as found, late, with no lead', async () => {
    const r = await evaluateHeldOutScenario(
      { simulator: 'second', spec: fastOverload() },
      alwaysNormal,
    );
    expect(r.truth.fault?.alarmMs).not.toBeNull();
    expect(r.alerts.length).toBeGreaterThan(0);
    expect(r.alerts.every((a) => a.byHardware)).toBe(true);
    expect(r.score).toMatchObject({ fault: 'overload', found: true, beforeAlarm: false });
    expect(r.score.leadS ?? 1).toBeLessThanOrEqual(0);
    expect(r.csvSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs the committed pack through the genba diagnose path', async () => {
    const pack = await verifyPack(DEFAULT_PACK_DIR, { checkModel: checkModelWithOnnxRuntime });
    const classifier = await PackClassifier.load(pack.modelBytes, pack.manifest);
    try {
      const r = await evaluateHeldOutScenario(
        { simulator: 'second', spec: fastOverload() },
        (x, n) => classifier.classify(x, n),
      );
      expect(r.rows).toBeGreaterThan(100 * 25 * 5);
      expect(r.score.found).toBe(true);
      // Whatever the model says, the score is the scoring of exactly these alerts.
      const own = r.alerts.filter((a) => a.joint === 'shoulder_lift' && a.tMs >= 20_000);
      expect(r.score.firstCall).toBe(own[0]?.fault ?? null);
    } finally {
      await classifier.release();
    }
  });
});
