/**
 * Training windows from simulated scenarios: every 2 s per joint (denser around collisions), each
 * labelled with what the joint is going through. Windows where a fault has begun but is not yet
 * physically visible (the first seconds of a ramp, wear still microscopic) are left out rather
 * than labelled either way, so the labels stay honest.
 */
import { extractRobotFeatures, JointSeries, WINDOW_MS } from '../features';
import { CLASS_NAMES, type ClassName } from '../taxonomy';
import { runScenario, type ScenarioResult, type ScenarioSpec } from './sim-scenarios';

export const EXCLUDED = -1;

export function labelAt(result: ScenarioResult, joint: string, tEnd: number): number {
  const f = result.spec.fault;
  const index = (name: ClassName) => CLASS_NAMES.indexOf(name);
  if (!f) return index('normal');
  const onsetMs = f.onsetS * 1000;
  const affects = f.name === 'voltage_sag' || f.joint === joint;
  if (!affects) return index('normal');
  if (f.name === 'collision') {
    let near = false;
    let seen = false;
    for (const c of result.collisionMs) {
      if (c <= tEnd - 150 && c >= tEnd - 5000) near = true;
      else if (c < tEnd - 5000 && c >= tEnd - WINDOW_MS) seen = true;
    }
    return near ? index('collision') : seen ? EXCLUDED : index('normal');
  }
  if (tEnd < onsetMs) return index('normal');
  const ageS = (tEnd - onsetMs) / 1000;
  const level = f.rampS > 0 ? f.magnitude * Math.min(1, ageS / f.rampS) : f.magnitude;
  switch (f.name) {
    case 'overheating':
      return ageS >= 10 ? index('overheating') : EXCLUDED;
    case 'overload':
      return level >= 0.22 ? index('overload') : EXCLUDED;
    case 'encoder_fault':
      return ageS >= 1 ? index('encoder_fault') : EXCLUDED;
    case 'voltage_sag':
      // Under 1 V the sag is within what a healthy supply's resistance drops under load.
      return level * 3 >= 1 ? index('voltage_sag') : EXCLUDED;
    case 'wear':
      return ageS >= 30 ? index('wear') : EXCLUDED;
    case 'link_degradation':
      return ageS >= 5 ? index('link_degradation') : EXCLUDED;
  }
}

export function seriesByJoint(result: ScenarioResult): Map<string, JointSeries> {
  const joints = new Map<string, JointSeries>();
  for (const row of result.rows) {
    let s = joints.get(row.joint);
    if (!s) joints.set(row.joint, (s = new JointSeries(8192)));
    s.push(row);
  }
  return joints;
}

export interface Windows {
  features: Float32Array[];
  labels: number[];
}

export function scenarioWindows(spec: ScenarioSpec): Windows {
  const result = runScenario(spec);
  const joints = seriesByJoint(result);
  const ends = new Set<number>();
  for (let t = 20_000; t <= spec.durationS * 1000; t += 2000) ends.add(t);
  for (const c of result.collisionMs)
    for (let t = c + 200; t <= c + 5000; t += 400) ends.add(Math.round(t / 100) * 100);
  const f = spec.fault;
  if (f && (f.name === 'overload' || f.name === 'voltage_sag')) {
    // Denser just after the fault becomes visible: that is where an early call is made.
    const from = f.onsetS * 1000;
    for (let t = from; t <= from + (f.rampS + 20) * 1000; t += 1000) ends.add(t);
  }
  const out: Windows = { features: [], labels: [] };
  for (const tEnd of [...ends].sort((a, b) => a - b)) {
    if (tEnd > spec.durationS * 1000) continue;
    const feats = extractRobotFeatures(joints, tEnd);
    for (const [joint, x] of feats) {
      const label = labelAt(result, joint, tEnd);
      if (label === EXCLUDED) continue;
      out.features.push(x);
      out.labels.push(label);
    }
  }
  return out;
}
