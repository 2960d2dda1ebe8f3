/**
 * Gripper events of a demonstration: the gripper's own motion (a change of ≥ 0.3 between two
 * steady levels, timed where the motion starts) or marks a person pressed; smaller changes are
 * kept only where the teaching head sees a grasp or a release, so squeezes never become steps.
 */
import { PRIMITIVES } from './program';
import { GRID_MS, type Grid } from './teach-features';
import type { DetectedGripperEvent } from './teach-result';

const GRIPPER_MIN_CHANGE = 0.3;
const round2 = (x: number) => Math.round(x * 100) / 100;

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
