/**
 * Keyframes of a demonstration: where the arm held still. A stillness is a waypoint at the start
 * or the end, where the gripper acts, where the motion turns (its direction in joint space
 * changes) or when it is long; a short stop on a straight path is a hesitation and is skipped.
 * The pose is the median over the stillness (tremor averages out). A path that bends far from
 * the straight line between two waypoints gets a via point.
 */
import { GRID_MS, type Grid } from './teach-features';
import type { DetectedGripperEvent, Keyframe } from './teach-result';

/** Joint-space speed below which the arm counts as holding still. */
export const STILL_SPEED = 0.04;
const MIN_STILL_MS = 120;

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
