/**
 * Task scripts: what a person means to teach — key poses, gripper actions and waits — drawn at
 * random (reachable pick and place spots) in a few variants, and the primitive each move plays.
 */
import { SeededRandom } from '../servos/physics/random';
import type { ArmRobotProfile } from '../robots/robot-profile';
import { armJointNames } from './demonstration';
import { inverseKinematics, type JointMap } from './kinematics';
import type { Primitive } from './program';

export type ScriptStep =
  | { kind: 'move'; joints: number[] }
  | { kind: 'gripper'; open: number }
  | { kind: 'wait'; ms: number };

export interface TaskScript {
  name: string;
  steps: ScriptStep[];
}

export type TaskVariant = 'approach' | 'direct' | 'hold-and-wait' | 'two-objects';
export const TASK_VARIANTS: readonly TaskVariant[] = [
  'approach',
  'direct',
  'hold-and-wait',
  'two-objects',
];

const HOME = [0, -1.0, 0.3, 0.7];

/** A random reachable pick/place spot (tool pointing down at an angle) and the pose above it. */
function spot(
  profile: ArmRobotProfile,
  rnd: SeededRandom,
  yawRange: [number, number],
): { at: number[]; above: number[] } {
  const names = armJointNames(profile);
  for (let attempt = 0; attempt < 200; attempt++) {
    const yaw = yawRange[0] + rnd.next() * (yawRange[1] - yawRange[0]);
    const r = 0.17 + rnd.next() * 0.1;
    const z = 0.03 + rnd.next() * 0.06;
    const pitch = 0.9 + rnd.next() * 0.5;
    const lift = 0.06 + rnd.next() * 0.05;
    try {
      const at = inverseKinematics(
        profile,
        { x: r * Math.cos(yaw), y: r * Math.sin(yaw), z, pitch },
        toMap(names, HOME),
      );
      const above = inverseKinematics(
        profile,
        { x: r * Math.cos(yaw), y: r * Math.sin(yaw), z: z + lift, pitch },
        at,
      );
      return { at: names.map((n) => at[n] ?? 0), above: names.map((n) => above[n] ?? 0) };
    } catch {
      // try another spot
    }
  }
  throw new Error('no reachable spot found');
}

function toMap(names: string[], q: number[]): JointMap {
  return Object.fromEntries(names.map((n, i) => [n, q[i] ?? 0]));
}

/** A task script of the given variant with random, reachable spots. */
export function randomTask(
  profile: ArmRobotProfile,
  variant: TaskVariant,
  seed: number,
): TaskScript {
  const rnd = new SeededRandom(seed * 7919 + 17);
  const home = HOME.map((v) => v + (rnd.next() - 0.5) * 0.2);
  const left = rnd.next() < 0.5;
  const pick = spot(profile, rnd, left ? [0.3, 1.2] : [-1.2, -0.3]);
  const place = spot(profile, rnd, left ? [-1.2, -0.3] : [0.3, 1.2]);
  const closed = 0.12 + rnd.next() * 0.25;
  const move = (joints: number[]): ScriptStep => ({ kind: 'move', joints });
  const close: ScriptStep = { kind: 'gripper', open: closed };
  const open: ScriptStep = { kind: 'gripper', open: 0.92 + rnd.next() * 0.08 };
  const pickPlace = (p: typeof pick, q: typeof place): ScriptStep[] => [
    move(p.above),
    move(p.at),
    close,
    move(p.above),
    move(q.above),
    move(q.at),
    open,
    move(q.above),
  ];
  switch (variant) {
    case 'approach':
      return { name: 'pick and place', steps: [move(home), ...pickPlace(pick, place), move(home)] };
    case 'direct':
      return {
        name: 'pick and place (direct)',
        steps: [move(home), move(pick.at), close, move(place.at), open, move(home)],
      };
    case 'hold-and-wait': {
      const ms = 3000 + Math.round(rnd.next() * 4) * 500;
      return {
        name: 'pick, hold, place',
        steps: [
          move(home),
          move(pick.above),
          move(pick.at),
          close,
          move(pick.above),
          { kind: 'wait', ms },
          move(place.above),
          move(place.at),
          open,
          move(place.above),
        ],
      };
    }
    case 'two-objects': {
      const pick2 = spot(profile, rnd, left ? [0.2, 1.2] : [-1.2, -0.2]);
      const place2 = spot(profile, rnd, left ? [-1.2, -0.2] : [0.2, 1.2]);
      return {
        name: 'two objects',
        steps: [move(home), ...pickPlace(pick, place), ...pickPlace(pick2, place2), move(home)],
      };
    }
  }
}

/** The primitive of each move of a script: reach until a grasp, transport while holding, then retract. */
export function moveRoles(script: TaskScript): Primitive[] {
  const roles: Primitive[] = [];
  let holding = false;
  let justReleased = false;
  let g = 1;
  script.steps.forEach((step, i) => {
    if (i === 0) {
      roles.push('idle');
      return;
    }
    if (step.kind === 'gripper') {
      holding = step.open < g;
      justReleased = !holding;
      g = step.open;
      roles.push(holding ? 'grasp' : 'release');
      return;
    }
    if (step.kind === 'wait') {
      roles.push('idle');
      return;
    }
    if (holding) roles.push('transport');
    else {
      const graspLater = script.steps
        .slice(i + 1)
        .some((s) => s.kind === 'gripper' && s.open < 0.6);
      roles.push(justReleased || !graspLater ? 'retract' : 'reach');
      justReleased = false;
    }
  });
  return roles;
}
