/**
 * Demonstration → task program.
 *  1. Resample to a 20 ms grid and compute the teaching features (teach-features.ts).
 *  2. The teaching head (an MLP in the signed model pack) gives per-point probabilities of the
 *     primitives reach / grasp / transport / release / retract / idle; a mode filter and a
 *     minimum segment length turn them into segments.
 *  3. Gripper events come from the gripper's own motion (a change of ≥ 0.3 between two steady
 *     levels, timed where the motion starts) or from marks a person pressed; small changes are
 *     kept only when the head sees a grasp / release there, so squeezes never become steps.
 *  4. Keyframes: the arm held still. A stillness is a waypoint when it is the start or the end,
 *     when the gripper acts there, when the motion turns there (the direction in joint space
 *     changes), or when it is long; a short stop on a straight path is a hesitation and is
 *     skipped. The pose is the median over the stillness (tremor averages out). A long stillness
 *     in the middle also becomes a wait. A path that bends far from the straight line between two
 *     waypoints gets a via point.
 *  5. Steps: moves to the waypoints (named from the primitive of the motion leading there, in ja
 *     and en, with the demonstrated speed), gripper actions and waits, in time order.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { resample, teachFeatures, GRID_MS, TEACH_FEATURE_COUNT, type Grid } from './teach-features';
import {
  PRIMITIVES,
  PROGRAM_FORMAT,
  PROGRAM_VERSION,
  type Primitive,
  type ProgramStep,
  type TaskProgram,
} from './program';

/** Raw feature rows → probabilities [n × PRIMITIVES.length]. */
export type SegmentClassifier = (
  features: Float32Array,
  n: number,
) => Promise<Float32Array> | Float32Array;

export interface Segment {
  primitive: Primitive;
  startMs: number;
  endMs: number;
}

export interface DetectedGripperEvent {
  tMs: number;
  open: number;
  from: number;
  source: 'motion' | 'mark';
}

export interface Keyframe {
  startMs: number;
  endMs: number;
  joints: number[];
  reason: 'start' | 'end' | 'gripper' | 'turn' | 'long' | 'via';
}

export interface TeachResult {
  program: TaskProgram;
  segments: Segment[];
  gripperEvents: DetectedGripperEvent[];
  keyframes: Keyframe[];
  /** Skipped stillnesses (hesitations), for the explanation in the UI. */
  hesitations: { startMs: number; endMs: number }[];
  /** Per grid point primitive index (for evaluation). */
  gridLabels: Int32Array;
  gridT: Float64Array;
}

export interface TeachOptions {
  name?: string;
  model?: string;
  createdMs?: number;
}

const STILL_SPEED = 0.04;
const MIN_STILL_MS = 120;
const GRIPPER_MIN_CHANGE = 0.3;

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

/** Steady gripper levels and the changes between them. */
export function detectGripperEvents(
  grid: Grid,
  probs: Float32Array,
  marks: readonly { tMs: number; open: number }[],
): DetectedGripperEvent[] {
  const n = grid.t.length;
  const half = Math.round(150 / GRID_MS);
  const stable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = Math.max(0, i - half); k <= Math.min(n - 1, i + half); k++) {
      lo = Math.min(lo, grid.g[k] ?? 0);
      hi = Math.max(hi, grid.g[k] ?? 0);
    }
    stable[i] = hi - lo < 0.04 ? 1 : 0;
  }
  const runs: { i0: number; i1: number; level: number }[] = [];
  for (let i = 0; i < n;) {
    if (!stable[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && stable[j]) j++;
    const vals = Array.from(grid.g.subarray(i, j)).sort((a, b) => a - b);
    runs.push({ i0: i, i1: j - 1, level: vals[Math.floor(vals.length / 2)] ?? 0 });
    i = j;
  }
  // Merge neighbouring runs at the same level (a squeeze between them is not a change).
  const levels: typeof runs = [];
  for (const run of runs) {
    const last = levels.at(-1);
    if (last && Math.abs(last.level - run.level) < GRIPPER_MIN_CHANGE) last.i1 = run.i1;
    else levels.push({ ...run });
  }
  const c = PRIMITIVES.length;
  const graspIdx = PRIMITIVES.indexOf('grasp');
  const releaseIdx = PRIMITIVES.indexOf('release');
  const events: DetectedGripperEvent[] = [];
  for (let r = 1; r < levels.length; r++) {
    const prev = levels[r - 1];
    const next = levels[r];
    if (!prev || !next) continue;
    const change = next.level - prev.level;
    if (Math.abs(change) < GRIPPER_MIN_CHANGE) continue;
    let k = prev.i1;
    while (k < next.i0 && Math.abs((grid.g[k] ?? 0) - prev.level) < 0.02) k++;
    const closing = change < 0;
    if (Math.abs(change) < 0.5) {
      // A modest change is kept only where the head sees the gripper acting.
      let s = 0;
      let cnt = 0;
      for (let i = k; i <= Math.min(n - 1, next.i0 + half); i++) {
        s += probs[i * c + (closing ? graspIdx : releaseIdx)] ?? 0;
        cnt++;
      }
      if (cnt === 0 || s / cnt < 0.2) continue;
    }
    events.push({
      tMs: grid.t[k] ?? 0,
      open: round2(next.level),
      from: round2(prev.level),
      source: 'motion',
    });
  }
  for (const mark of marks) {
    const near = events.find(
      (e) => Math.abs(e.tMs - mark.tMs) < 1500 && e.open < e.from === mark.open < 0.5,
    );
    if (!near) {
      const i = Math.min(n - 1, Math.max(0, Math.round((mark.tMs - (grid.t[0] ?? 0)) / GRID_MS)));
      events.push({
        tMs: mark.tMs,
        open: round2(mark.open),
        from: round2(grid.g[i] ?? 1),
        source: 'mark',
      });
    }
  }
  return events.sort((a, b) => a.tMs - b.tMs);
}

export function extractKeyframes(
  grid: Grid,
  events: readonly DetectedGripperEvent[],
): { keyframes: Keyframe[]; hesitations: { startMs: number; endMs: number }[] } {
  const n = grid.t.length;
  const t0 = grid.t[0] ?? 0;
  const minLen = Math.round(MIN_STILL_MS / GRID_MS);
  const pauses: { i0: number; i1: number }[] = [];
  for (let i = 0; i < n;) {
    if ((grid.speed[i] ?? 0) >= STILL_SPEED) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && (grid.speed[j] ?? 0) < STILL_SPEED) j++;
    if (j - i >= minLen || i === 0 || j === n) pauses.push({ i0: i, i1: j - 1 });
    i = j;
  }
  const poseOf = (i0: number, i1: number) => {
    const nj = grid.q[0]?.length ?? 0;
    const out: number[] = [];
    for (let j = 0; j < nj; j++) {
      const vals: number[] = [];
      for (let i = i0; i <= i1; i++) vals.push(grid.q[i]?.[j] ?? 0);
      vals.sort((a, b) => a - b);
      out.push(vals[Math.floor(vals.length / 2)] ?? 0);
    }
    return out;
  };
  const keyframes: Keyframe[] = [];
  const hesitations: { startMs: number; endMs: number }[] = [];
  if (pauses.length === 0 || (pauses[0]?.i0 ?? 1) > 0) pauses.unshift({ i0: 0, i1: 0 });
  if ((pauses.at(-1)?.i1 ?? 0) < n - 1) pauses.push({ i0: n - 1, i1: n - 1 });
  const look = Math.round(350 / GRID_MS);
  pauses.forEach((p, idx) => {
    const startMs = grid.t[p.i0] ?? t0;
    const endMs = grid.t[p.i1] ?? t0;
    const dur = endMs - startMs;
    let reason: Keyframe['reason'] | null = null;
    if (idx === 0) reason = 'start';
    else if (idx === pauses.length - 1) reason = 'end';
    else if (events.some((e) => e.tMs >= startMs - 600 && e.tMs <= endMs + 600)) reason = 'gripper';
    else {
      const before = grid.q[Math.max(0, p.i0 - look)];
      const after = grid.q[Math.min(n - 1, p.i1 + look)];
      const here = grid.q[p.i0];
      const hereEnd = grid.q[p.i1];
      const angle =
        before && after && here && hereEnd ? turnAngle(before, here, hereEnd, after) : 180;
      if (angle > 35 || (dur >= 500 && angle > 20)) reason = 'turn';
      else if (dur >= 1200) reason = 'long';
    }
    if (reason) keyframes.push({ startMs, endMs, joints: poseOf(p.i0, p.i1), reason });
    else hesitations.push({ startMs, endMs });
  });
  // A stillness broken by a settle wobble is one keyframe (the longer part's pose).
  const merged: Keyframe[] = [];
  for (const k of keyframes) {
    const last = merged.at(-1);
    const same =
      last &&
      k.startMs - last.endMs < 400 &&
      k.joints.every((v, j) => Math.abs(v - (last.joints[j] ?? 0)) < 0.035);
    if (last && same) {
      if (k.endMs - k.startMs > last.endMs - last.startMs) last.joints = k.joints;
      last.endMs = k.endMs;
      if (last.reason === 'turn' || last.reason === 'long') last.reason = k.reason;
    } else merged.push({ ...k });
  }
  keyframes.length = 0;
  keyframes.push(...merged);
  // Via points where the path bends far from the straight line between two waypoints.
  const withVia: Keyframe[] = [];
  keyframes.forEach((k, idx) => {
    const prev = keyframes[idx - 1];
    if (prev) {
      const i0 = Math.round((prev.endMs - t0) / GRID_MS);
      const i1 = Math.round((k.startMs - t0) / GRID_MS);
      let worst = 0;
      let at = -1;
      for (let i = i0 + 1; i < i1; i++) {
        const q = grid.q[i];
        if (!q) continue;
        const d = distanceToSegment(Array.from(q), prev.joints, k.joints);
        if (d > worst) {
          worst = d;
          at = i;
        }
      }
      if (worst > 0.17 && at >= 0) {
        const tm = grid.t[at] ?? 0;
        withVia.push({
          startMs: tm,
          endMs: tm,
          joints: Array.from(grid.q[at] ?? []),
          reason: 'via',
        });
      }
    }
    withVia.push(k);
  });
  return { keyframes: withVia, hesitations };
}

/** Euclidean distance (joint space) of q from the segment a–b. */
function distanceToSegment(q: number[], a: number[], b: number[]): number {
  let ab2 = 0;
  let dot = 0;
  for (let j = 0; j < q.length; j++) {
    const u = (b[j] ?? 0) - (a[j] ?? 0);
    ab2 += u * u;
    dot += ((q[j] ?? 0) - (a[j] ?? 0)) * u;
  }
  const s = ab2 > 1e-12 ? Math.min(1, Math.max(0, dot / ab2)) : 0;
  let d2 = 0;
  for (let j = 0; j < q.length; j++) {
    const p = (a[j] ?? 0) + ((b[j] ?? 0) - (a[j] ?? 0)) * s;
    d2 += ((q[j] ?? 0) - p) ** 2;
  }
  return Math.sqrt(d2);
}

function turnAngle(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    const u = (b[j] ?? 0) - (a[j] ?? 0);
    const v = (d[j] ?? 0) - (c[j] ?? 0);
    dot += u * v;
    na += u * u;
    nb += v * v;
  }
  if (na < 1e-6 || nb < 1e-6) return 180;
  return (Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))) * 180) / Math.PI;
}

const NAMES: Record<Primitive | 'start' | 'return' | 'approach', { en: string; ja: string }> = {
  start: { en: 'Start pose', ja: '開始の姿勢' },
  approach: { en: 'Approach', ja: '近づく' },
  reach: { en: 'Reach to grasp', ja: 'つかむ位置へ' },
  grasp: { en: 'Grasp', ja: 'つかむ' },
  transport: { en: 'Carry', ja: '運ぶ' },
  release: { en: 'Release', ja: '放す' },
  retract: { en: 'Move away', ja: '離れる' },
  idle: { en: 'Move', ja: '移動' },
  return: { en: 'Return', ja: '戻る' },
};

function buildSteps(
  grid: Grid,
  keyframes: readonly Keyframe[],
  events: readonly DetectedGripperEvent[],
  labels: Int32Array,
  profile: ArmRobotProfile,
  joints: string[],
): ProgramStep[] {
  const t0 = grid.t[0] ?? 0;
  const idx = (ms: number) =>
    Math.min(grid.t.length - 1, Math.max(0, Math.round((ms - t0) / GRID_MS)));
  type Item = { tMs: number; key?: Keyframe; event?: DetectedGripperEvent };
  const items: Item[] = [
    ...keyframes.map((k): Item => ({ tMs: k.startMs, key: k })),
    ...events.map((e): Item => ({ tMs: e.tMs, event: e })),
  ].sort((a, b) => a.tMs - b.tMs || (a.key ? -1 : 1));
  const steps: ProgramStep[] = [];
  let last: Keyframe | null = null;
  let counter = 0;
  const id = () => `s${++counter}`;
  for (const [pos, item] of items.entries()) {
    if (item.key) {
      const k = item.key;
      const prevEnd = last?.endMs ?? t0;
      const moved = !last || k.joints.some((v, j) => Math.abs(v - (last?.joints[j] ?? 0)) > 0.017);
      if (moved) {
        const i0 = idx(prevEnd);
        const i1 = idx(k.startMs);
        const counts = new Map<number, number>();
        let peak = 0;
        for (let i = i0; i <= i1; i++) {
          if ((grid.speed[i] ?? 0) >= STILL_SPEED)
            counts.set(labels[i] ?? 0, (counts.get(labels[i] ?? 0) ?? 0) + 1);
          peak = Math.max(peak, grid.speed[i] ?? 0);
        }
        let best = PRIMITIVES.indexOf('idle');
        for (const [l, c] of counts) if (c > (counts.get(best) ?? 0)) best = l;
        let primitive: Primitive = PRIMITIVES[best] ?? 'idle';
        if (primitive === 'grasp') primitive = 'reach';
        if (primitive === 'release') primitive = 'retract';
        const nextGripper = items.slice(pos + 1).find((it) => it.key || it.event);
        let name = NAMES[primitive];
        if (!last) name = NAMES.start;
        else if (
          primitive === 'reach' &&
          !(nextGripper?.event && nextGripper.event.open < nextGripper.event.from)
        )
          name = NAMES.approach;
        else if (
          primitive === 'transport' &&
          nextGripper?.event &&
          nextGripper.event.open > nextGripper.event.from
        )
          name = { en: 'Carry to place', ja: '置く位置へ運ぶ' };
        else if (k.reason === 'end' && primitive !== 'transport') name = NAMES.return;
        steps.push({
          kind: 'move',
          id: id(),
          name,
          joints: Object.fromEntries(joints.map((n, j) => [n, round4(k.joints[j] ?? 0)])),
          path: 'joint',
          speed: !last ? 0.3 : Math.min(0.6, Math.max(0.2, Math.round(peak * 20) / 20)),
          acceleration: 0.5,
          primitive: !last ? 'idle' : primitive,
        });
      }
      // A long stillness in the middle is a wait (what remains after a normal pause).
      const stillMs = k.endMs - k.startMs;
      const hasEvent = events.some((e) => e.tMs >= k.startMs - 600 && e.tMs <= k.endMs + 600);
      if (last && k.reason !== 'end' && !hasEvent && stillMs >= 2800) {
        const ms = Math.max(1000, Math.round((stillMs - 800) / 500) * 500);
        steps.push({
          kind: 'wait',
          id: id(),
          name: { en: `Wait ${ms / 1000} s`, ja: `${ms / 1000} 秒待つ` },
          ms,
        });
      }
      last = k;
    } else if (item.event) {
      const e = item.event;
      const closing = e.open < e.from;
      steps.push({
        kind: 'gripper',
        id: id(),
        name: closing ? NAMES.grasp : NAMES.release,
        open: e.open,
        primitive: closing ? 'grasp' : 'release',
      });
    }
  }
  void profile;
  return steps;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

export { TEACH_FEATURE_COUNT };
