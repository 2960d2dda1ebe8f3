/**
 * The program's steps from the keyframes and gripper events, in time order: moves to the
 * waypoints (named from the primitive of the motion leading there, in ja and en, with the
 * demonstrated speed), gripper actions, and waits for long stillnesses in the middle.
 */
import type { Bilingual } from '../domain';
import type { ArmRobotProfile } from '../robots/robot-profile';
import { STILL_SPEED } from './keyframes';
import { PRIMITIVE_LABELS, PRIMITIVES, type Primitive, type ProgramStep } from './program';
import { GRID_MS, type Grid } from './teach-features';
import type { DetectedGripperEvent, Keyframe } from './teach-result';

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * A move is named for the primitive leading to it; a reach that ends in a grasp and an idle move
 * read better named for where they go.
 */
const NAMES: Record<Primitive | 'start' | 'return' | 'approach', Bilingual> = {
  ...PRIMITIVE_LABELS,
  start: { en: 'Start pose', ja: '開始の姿勢' },
  approach: { en: 'Approach', ja: '近づく' },
  reach: { en: 'Reach to grasp', ja: 'つかむ位置へ' },
  idle: { en: 'Move', ja: '移動' },
  return: { en: 'Return', ja: '戻る' },
};

export function buildSteps(
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
