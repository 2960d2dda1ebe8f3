/**
 * Demonstration → task program.
 *  1. Resample to a 20 ms grid and compute the teaching features (teach-features.ts).
 *  2. The teaching head (an MLP in the signed model pack) gives per-point probabilities of the
 *     primitives reach / grasp / transport / release / retract / idle; a mode filter and a
 *     minimum segment length turn them into segments.
 *  3. Gripper events (gripper-events.ts) come from the gripper's own motion (a change of ≥ 0.3
 *     between two steady levels, timed where the motion starts) or from marks a person pressed;
 *     small changes are kept only when the head sees a grasp / release there, so squeezes never
 *     become steps.
 *  4. Keyframes (keyframes.ts): the arm held still. A stillness is a waypoint when it is the
 *     start or the end, when the gripper acts there, when the motion turns there (the direction
 *     in joint space changes), or when it is long; a short stop on a straight path is a
 *     hesitation and is skipped. The pose is the median over the stillness (tremor averages
 *     out). A long stillness in the middle also becomes a wait. A path that bends far from the
 *     straight line between two waypoints gets a via point.
 *  5. Steps (program-steps.ts): moves to the waypoints (named from the primitive of the motion
 *     leading there, in ja and en, with the demonstrated speed), gripper actions and waits, in
 *     time order.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { detectGripperEvents } from './gripper-events';
import { extractKeyframes } from './keyframes';
import { PRIMITIVES, PROGRAM_FORMAT, PROGRAM_VERSION, type TaskProgram } from './program';
import { buildSteps } from './program-steps';
import { resample, teachFeatures, GRID_MS, TEACH_FEATURE_COUNT } from './teach-features';
import type { Segment, SegmentClassifier, TeachResult } from './teach-result';

export type {
  DetectedGripperEvent,
  Keyframe,
  Segment,
  SegmentClassifier,
  TeachResult,
} from './teach-result';

export interface TeachOptions {
  name?: string;
  model?: string;
  createdMs?: number;
}

export async function teachFromDemonstration(
  demo: Demonstration,
  profile: ArmRobotProfile,
  classify: SegmentClassifier,
  options: TeachOptions = {},
): Promise<TeachResult> {
  const grid = resample(demo, profile);
  const n = grid.t.length;
  const features = teachFeatures(grid, profile, demo.joints);
  const probs = await classify(features, n);
  const gridLabels = smoothLabels(probs, n);
  const segments = toSegments(gridLabels, grid.t);
  const gripperEvents = detectGripperEvents(grid, probs, demo.marks ?? []);
  const { keyframes, hesitations } = extractKeyframes(grid, gripperEvents);
  const steps = buildSteps(grid, keyframes, gripperEvents, gridLabels, profile, demo.joints);
  const program: TaskProgram = {
    format: PROGRAM_FORMAT,
    version: PROGRAM_VERSION,
    name: options.name ?? 'Taught task',
    robotProfile: profile.id,
    createdMs: options.createdMs ?? Date.now(),
    source: {
      kind: 'demonstration',
      samples: demo.t.length,
      durationMs: (demo.t.at(-1) ?? 0) - (demo.t[0] ?? 0),
      ...(options.model ? { model: options.model } : {}),
    },
    steps,
  };
  return { program, segments, gripperEvents, keyframes, hesitations, gridLabels, gridT: grid.t };
}

/** Argmax, a 9-point mode filter, then segments under 200 ms merged into their neighbours. */
export function smoothLabels(probs: Float32Array, n: number): Int32Array {
  const c = PRIMITIVES.length;
  const raw = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if ((probs[i * c + k] ?? 0) > (probs[i * c + best] ?? 0)) best = k;
    raw[i] = best;
  }
  const out = new Int32Array(n);
  const counts = new Int32Array(c);
  for (let i = 0; i < n; i++) {
    counts.fill(0);
    for (let k = Math.max(0, i - 4); k <= Math.min(n - 1, i + 4); k++)
      counts[raw[k] ?? 0] = (counts[raw[k] ?? 0] ?? 0) + 1;
    let best = raw[i] ?? 0;
    for (let k = 0; k < c; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
    out[i] = best;
  }
  const minLen = Math.round(200 / GRID_MS);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && out[j] === out[i]) j++;
    if (j - i < minLen && (i > 0 || j < n)) {
      const fill = i > 0 ? (out[i - 1] ?? 0) : (out[j] ?? 0);
      for (let k = i; k < j; k++) out[k] = fill;
    }
    i = j;
  }
  return out;
}

function toSegments(labels: Int32Array, t: Float64Array): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i < labels.length; i++) {
    const p = PRIMITIVES[labels[i] ?? 0] ?? 'idle';
    const last = segments.at(-1);
    if (last && last.primitive === p) last.endMs = t[i] ?? 0;
    else segments.push({ primitive: p, startMs: t[i] ?? 0, endMs: t[i] ?? 0 });
  }
  return segments;
}

export { TEACH_FEATURE_COUNT };
