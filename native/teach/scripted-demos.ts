/**
 * Scripted demonstrations for training, evaluation and tests: a task script (key poses, gripper
 * actions, waits — what a person means to teach) played by a simulated *human* hand, with what
 * real hands do: tremor (6–10 Hz), slow drift while holding still, paths that are not straight,
 * uneven speed, hesitations mid-motion (stop on the way, then go on), small overshoots, gripper
 * squeezes that are not grasps, and recordings at 30–100 Hz with jitter and dropped samples.
 * Each demonstration comes with its ground truth: the primitive of every sample, the key poses,
 * the gripper events and the number of steps of the script.
 */
import { SeededRandom } from '../servos/physics/random';
import type { ArmRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { armJointNames, emptyDemonstration } from './demonstration';
import type { Primitive } from './program';
import type { TaskScript, TaskVariant } from './task-scripts';
import { moveRoles, randomTask } from './task-scripts';

export interface DemoTruth {
  /** Primitive per sample of the demonstration. */
  labels: Primitive[];
  /** The pose of every move step and when the hand arrived there. */
  keyPoses: { tMs: number; joints: number[] }[];
  gripperEvents: { tMs: number; open: number }[];
  scriptedSteps: number;
}

export interface ScriptedDemo {
  script: TaskScript;
  demo: Demonstration;
  truth: DemoTruth;
  rateHz: number;
}

export interface HumanStyle {
  rateHz?: number;
  /** Probability that a move has a hesitation on the way. */
  hesitation?: number;
}

interface Dense {
  q: number[][];
  g: number[];
  label: Primitive[];
}

const minJerk = (u: number) => {
  const x = Math.min(1, Math.max(0, u));
  return x * x * x * (10 - 15 * x + 6 * x * x);
};

/**
 * Plays a script with a human hand: a 1 kHz trace of what the hand does, then sampled like a
 * recorder at `rateHz` (30–100 Hz) with jitter, quantized like the encoder.
 */
export function performScript(
  profile: ArmRobotProfile,
  script: TaskScript,
  seed: number,
  style: HumanStyle = {},
): ScriptedDemo {
  const rnd = new SeededRandom(seed * 104729 + 3);
  const names = armJointNames(profile);
  const nj = names.length;
  const dense: Dense = { q: [], g: [], label: [] };
  const keyPoses: DemoTruth['keyPoses'] = [];
  const gripperEvents: DemoTruth['gripperEvents'] = [];
  const tremor = names.map(() => ({
    f: 6 + rnd.next() * 4,
    a: 0.0015 + rnd.next() * 0.0035,
    p: rnd.next() * 6.28,
  }));
  const hesitationP = style.hesitation ?? 0.45;
  const first = script.steps[0];
  if (!first || first.kind !== 'move')
    throw new Error('a script starts with a move (the start pose)');
  let cur = [...first.joints];
  let g = 0.9 + rnd.next() * 0.1;
  let drift = names.map(() => 0);

  const push = (q: number[], gv: number, label: Primitive) => {
    dense.q.push(q);
    dense.g.push(gv);
    dense.label.push(label);
  };
  const still = (
    ms: number,
    label: Primitive,
    gripperTo?: { open: number; atMs: number; durMs: number },
  ) => {
    const g0 = g;
    for (let k = 0; k < ms; k++) {
      drift = drift.map((d) => Math.max(-0.006, Math.min(0.006, d + (rnd.next() - 0.5) * 0.0002)));
      let gv = g0;
      if (gripperTo) {
        const u = (k - gripperTo.atMs) / gripperTo.durMs;
        gv = g0 + (gripperTo.open - g0) * minJerk(u);
      }
      push(
        cur.map((v, j) => v + (drift[j] ?? 0)),
        gv,
        label,
      );
    }
    if (gripperTo) g = gripperTo.open;
  };
  const roles = moveRoles(script);
  // Start: the hand holds the arm at the start pose.
  keyPoses.push({ tMs: 0, joints: [...cur] });
  still(Math.round(700 + rnd.next() * 900), 'idle');
  for (let s = 1; s < script.steps.length; s++) {
    const step = script.steps[s];
    if (!step) continue;
    if (step.kind === 'move') {
      const role = roles[s] ?? 'reach';
      const from = cur.map((v, j) => v + (drift[j] ?? 0));
      const to = step.joints;
      const dist = Math.max(...to.map((v, j) => Math.abs(v - (from[j] ?? 0))));
      const peak = 0.45 + rnd.next() * 0.6;
      const total = Math.max(600, ((1.875 * dist) / peak) * 1000);
      const dev = names.map(() => rnd.gaussian() * 0.02);
      const a = (rnd.next() - 0.5) * 1.2; // uneven speed
      const hes = rnd.next() < hesitationP && dist > 0.25;
      const split = hes ? 0.3 + rnd.next() * 0.4 : 1;
      const pauseMs = hes ? Math.round(150 + rnd.next() * 450) : 0;
      const pathAt = (s01: number) =>
        to.map(
          (v, j) =>
            (from[j] ?? 0) + (v - (from[j] ?? 0)) * s01 + Math.sin(Math.PI * s01) * (dev[j] ?? 0),
        );
      const run = (s0: number, s1: number, ms: number) => {
        for (let k = 0; k < ms; k++) {
          const u = k / ms;
          const w = u + (a * Math.sin(2 * Math.PI * u)) / (2 * Math.PI);
          push(pathAt(s0 + (s1 - s0) * minJerk(w)), g, role);
        }
      };
      run(0, split, Math.round(total * (hes ? split * 1.15 : 1)));
      if (hes) {
        const at = pathAt(split);
        for (let k = 0; k < pauseMs; k++) push(at, g, role);
        run(split, 1, Math.round(total * (1 - split) * 1.15));
      }
      drift = names.map(() => 0);
      cur = [...to];
      const next = script.steps[s + 1];
      const dwellLabel: Primitive =
        next?.kind === 'gripper'
          ? next.open < g
            ? 'grasp'
            : 'release'
          : s === script.steps.length - 1
            ? 'idle'
            : role;
      keyPoses.push({ tMs: dense.q.length, joints: [...to] });
      // Overshoot and settle at the key pose.
      if (rnd.next() < 0.4) {
        const o = 0.01 + rnd.next() * 0.02;
        const dir = to.map((v, j) => Math.sign(v - (from[j] ?? 0)));
        for (let k = 0; k < 250; k++)
          push(
            to.map((v, j) => v + o * (dir[j] ?? 0) * Math.sin((Math.PI * k) / 250)),
            g,
            dwellLabel,
          );
      }
      if (next?.kind === 'gripper') {
        const before = Math.round(250 + rnd.next() * 350);
        const dur = Math.round(300 + rnd.next() * 400);
        const after = Math.round(350 + rnd.next() * 500);
        gripperEvents.push({ tMs: dense.q.length + before, open: next.open });
        still(before + dur + after, dwellLabel, { open: next.open, atMs: before, durMs: dur });
        s++;
      } else {
        still(Math.round(650 + rnd.next() * 900), dwellLabel);
      }
    } else if (step.kind === 'wait') {
      still(step.ms, 'idle');
    } else {
      // A gripper action not right after a move: in place.
      const dur = Math.round(300 + rnd.next() * 400);
      gripperEvents.push({ tMs: dense.q.length + 200, open: step.open });
      still(200 + dur + 400, step.open < g ? 'grasp' : 'release', {
        open: step.open,
        atMs: 200,
        durMs: dur,
      });
    }
  }
  still(Math.round(400 + rnd.next() * 900), 'idle');

  // Squeezes of the gripper that are not grasps (fingers on the gripper while carrying).
  const n = dense.q.length;
  for (let k = 0; k < 2; k++) {
    if (rnd.next() < 0.5) continue;
    const at = Math.floor(rnd.next() * (n - 400));
    const amp = 0.04 + rnd.next() * 0.08;
    const near = gripperEvents.some((e) => Math.abs(e.tMs - at) < 1500);
    if (near) continue;
    for (let i = 0; i < 300; i++)
      dense.g[at + i] = (dense.g[at + i] ?? 0) - amp * Math.sin((Math.PI * i) / 300);
  }

  // The recorder: 30–100 Hz with jitter, the odd dropped sample, encoder quantization and noise.
  const rateHz = style.rateHz ?? 30 + rnd.next() * 70;
  const pulse = (2 * Math.PI) / 4096;
  const demo = emptyDemonstration(profile);
  const labels: Primitive[] = [];
  const t0 = 1000 + Math.floor(rnd.next() * 1e6);
  for (let t = 0; t < n; t += (1000 / rateHz) * (0.85 + rnd.next() * 0.3)) {
    if (rnd.next() < 0.01) continue;
    const i = Math.min(n - 1, Math.floor(t));
    const q = dense.q[i] ?? cur;
    const tremorQ = q.map((v, j) => {
      const tr = tremor[j] ?? { f: 8, a: 0.002, p: 0 };
      const x =
        v + tr.a * Math.sin((2 * Math.PI * tr.f * t) / 1000 + tr.p) + rnd.gaussian() * 0.0006;
      return Math.round(x / pulse) * pulse;
    });
    demo.t.push(t0 + Math.round(t));
    demo.q.push(tremorQ);
    demo.gripper.push(
      Math.min(
        1,
        Math.max(0, (dense.g[i] ?? 0) + Math.sin(t / 37) * 0.006 + rnd.gaussian() * 0.004),
      ),
    );
    labels.push(dense.label[i] ?? 'idle');
  }
  if (nj === 0) throw new Error('no joints');
  return {
    script,
    demo,
    rateHz,
    truth: {
      labels,
      keyPoses: keyPoses.map((k) => ({ ...k, tMs: t0 + k.tMs })),
      gripperEvents: gripperEvents.map((e) => ({ ...e, tMs: t0 + e.tMs })),
      scriptedSteps: script.steps.length,
    },
  };
}

export function scriptedDemo(
  profile: ArmRobotProfile,
  variant: TaskVariant,
  seed: number,
  style: HumanStyle = {},
): ScriptedDemo {
  return performScript(profile, randomTask(profile, variant, seed), seed, style);
}
