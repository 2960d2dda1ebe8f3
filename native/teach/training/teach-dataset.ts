/** Training rows for the teaching head: grid features of scripted demonstrations and their true primitive. */
import type { ArmRobotProfile } from '../../robots/robot-profile';
import { PRIMITIVES } from '../program';
import { scriptedDemo, type ScriptedDemo } from '../scripted-demos';
import { TASK_VARIANTS } from '../task-scripts';
import { resample, teachFeatures, TEACH_FEATURE_COUNT } from '../teach-features';

export function demoSet(profile: ArmRobotProfile, seeds: number[]): ScriptedDemo[] {
  return seeds.map((seed, i) =>
    scriptedDemo(profile, TASK_VARIANTS[i % TASK_VARIANTS.length] ?? 'approach', seed),
  );
}

/** Grid features and labels (the truth of the nearest recorded sample). */
export function gridRows(
  profile: ArmRobotProfile,
  d: ScriptedDemo,
): { x: Float32Array; y: Int32Array; n: number } {
  const grid = resample(d.demo, profile);
  const x = teachFeatures(grid, profile, d.demo.joints);
  const n = grid.t.length;
  const y = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = grid.t[i] ?? 0;
    while (
      k + 1 < d.demo.t.length &&
      Math.abs((d.demo.t[k + 1] ?? 0) - t) <= Math.abs((d.demo.t[k] ?? 0) - t)
    )
      k++;
    y[i] = PRIMITIVES.indexOf(d.truth.labels[k] ?? 'idle');
  }
  return { x, y, n };
}

export function datasetOf(
  profile: ArmRobotProfile,
  demos: ScriptedDemo[],
  stride = 1,
): { x: Float32Array; y: Int32Array } {
  const parts = demos.map((d) => gridRows(profile, d));
  const total = parts.reduce((s, p) => s + Math.ceil(p.n / stride), 0);
  const x = new Float32Array(total * TEACH_FEATURE_COUNT);
  const y = new Int32Array(total);
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.n; i += stride) {
      x.set(
        p.x.subarray(i * TEACH_FEATURE_COUNT, (i + 1) * TEACH_FEATURE_COUNT),
        at * TEACH_FEATURE_COUNT,
      );
      y[at] = p.y[i] ?? 0;
      at++;
    }
  }
  return { x: x.subarray(0, at * TEACH_FEATURE_COUNT), y: y.subarray(0, at) };
}
