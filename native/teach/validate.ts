/**
 * Validation before any run: every problem is tied to its step and explained in ja and en.
 * Errors block the run; warnings are shown. Checked: the robot profile, joint names and limits,
 * velocity and acceleration limits along the planned motion, reachability (linear moves through
 * the inverse kinematics at every 20 ms point; the tool never below the table), and the gripper
 * state through the program.
 */
import type { Bilingual } from '../domain';
import type { ArmRobotProfile } from '../robots/robot-profile';
import { armJoints, chainPoints, type JointMap } from './kinematics';
import { planJointMove, planLinearMove } from './motion-plan';
import type { TaskProgram } from './program';

export interface ValidationIssue {
  stepIndex: number | null;
  stepId: string | null;
  severity: 'error' | 'warning';
  code:
    | 'wrong-robot'
    | 'empty'
    | 'unknown-joint'
    | 'missing-joint'
    | 'gripper-in-move'
    | 'joint-limit'
    | 'velocity-limit'
    | 'acceleration-limit'
    | 'unreachable'
    | 'below-table'
    | 'gripper-no-change'
    | 'release-without-grasp'
    | 'ends-holding'
    | 'no-start-move'
    | 'long-wait';
  message: Bilingual;
}

const deg = (rad: number) => `${((rad * 180) / Math.PI).toFixed(1)}°`;
const TABLE_MARGIN_M = 0.005;

export function validateProgram(
  program: TaskProgram,
  profile: ArmRobotProfile,
  start?: JointMap,
): { ok: boolean; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const add = (
    i: number | null,
    severity: ValidationIssue['severity'],
    code: ValidationIssue['code'],
    en: string,
    ja: string,
  ) =>
    issues.push({
      stepIndex: i,
      stepId: i === null ? null : (program.steps[i]?.id ?? null),
      severity,
      code,
      message: { en, ja },
    });
  if (program.robotProfile !== profile.id) {
    add(
      null,
      'error',
      'wrong-robot',
      `This task was taught for ${program.robotProfile}, not ${profile.id}.`,
      `この作業は ${program.robotProfile} 用です（このロボットは ${profile.id}）。`,
    );
    return { ok: false, issues };
  }
  if (program.steps.length === 0) {
    add(null, 'error', 'empty', 'The task has no steps.', '作業に手順がありません。');
    return { ok: false, issues };
  }
  const { arm, gripper } = armJoints(profile);
  const armNames = arm.map((j) => j.name);
  if (program.steps[0]?.kind !== 'move') {
    add(
      0,
      'warning',
      'no-start-move',
      'The task does not start with a move, so it starts wherever the arm happens to be.',
      '最初の手順が移動ではないため、アームがその時いる位置から始まります。',
    );
  }
  let pose: JointMap = { ...(start ?? Object.fromEntries(arm.map((j) => [j.name, j.homeRad]))) };
  let gripperOpen = gripper ? 1 : 1;
  let holding = false;
  program.steps.forEach((step, i) => {
    const n = i + 1;
    if (step.kind === 'move') {
      let bad = false;
      for (const name of Object.keys(step.joints)) {
        if (gripper && name === gripper.name) {
          add(
            i,
            'error',
            'gripper-in-move',
            `Step ${n} moves the gripper inside a move; use a gripper step instead.`,
            `手順 ${n} は移動の中でグリッパーを動かしています。グリッパーの手順を使ってください。`,
          );
          bad = true;
        } else if (!armNames.includes(name)) {
          add(
            i,
            'error',
            'unknown-joint',
            `Step ${n} names a joint "${name}" that ${profile.name.en} does not have.`,
            `手順 ${n} の関節「${name}」は ${profile.name.ja} にありません。`,
          );
          bad = true;
        }
      }
      for (const joint of arm) {
        const v = step.joints[joint.name];
        if (v === undefined) {
          add(
            i,
            'error',
            'missing-joint',
            `Step ${n} does not say where ${joint.label.en} (${joint.name}) goes.`,
            `手順 ${n} に ${joint.label.ja}（${joint.name}）の位置がありません。`,
          );
          bad = true;
        } else if (v < joint.minRad - 1e-9 || v > joint.maxRad + 1e-9) {
          add(
            i,
            'error',
            'joint-limit',
            `Step ${n}: ${joint.label.en} (${joint.name}) would go to ${deg(v)}, outside its limit ${deg(joint.minRad)} … ${deg(joint.maxRad)}.`,
            `手順 ${n}：${joint.label.ja}（${joint.name}）が ${deg(v)} になり、可動範囲 ${deg(joint.minRad)} 〜 ${deg(joint.maxRad)} を超えます。`,
          );
          bad = true;
        }
      }
      if (bad) return;
      const linear = step.path === 'linear' ? planLinearMove(profile, pose, step) : null;
      const plan = linear ?? planJointMove(profile, pose, step);
      if (linear) {
        const problem = linear.samples.find((s) => !s.joints);
        if (problem) {
          add(
            i,
            'error',
            'unreachable',
            `Step ${n}: the straight line cannot be followed — ${problem.problem ?? 'a point on it is out of reach'}`,
            `手順 ${n}：直線で動けません（途中の点に届かないか、関節の可動範囲を超えます）。関節移動にしてください。`,
          );
          return;
        }
        for (const s of linear.samples) {
          const outside = arm.find((j) => {
            const v = s.joints?.[j.name];
            return v !== undefined && (v < j.minRad - 1e-6 || v > j.maxRad + 1e-6);
          });
          if (outside) {
            add(
              i,
              'error',
              'joint-limit',
              `Step ${n}: on the straight line ${outside.label.en} (${outside.name}) leaves its limit ${deg(outside.minRad)} … ${deg(outside.maxRad)}.`,
              `手順 ${n}：直線の途中で ${outside.label.ja}（${outside.name}）が可動範囲 ${deg(outside.minRad)} 〜 ${deg(outside.maxRad)} を超えます。`,
            );
            return;
          }
        }
      }
      for (const joint of arm) {
        const v = plan.peakVelocity[joint.name] ?? 0;
        const a = plan.peakAcceleration[joint.name] ?? 0;
        if (v > joint.maxVelocityRadS * 1.001) {
          add(
            i,
            'error',
            'velocity-limit',
            `Step ${n}: ${joint.label.en} (${joint.name}) would turn at ${v.toFixed(2)} rad/s, above its velocity limit ${joint.maxVelocityRadS} rad/s. Lower the speed.`,
            `手順 ${n}：${joint.label.ja}（${joint.name}）の速さが ${v.toFixed(2)} rad/s になり、上限 ${joint.maxVelocityRadS} rad/s を超えます。速度を下げてください。`,
          );
          return;
        }
        if (a > joint.maxAccelerationRadS2 * 1.05) {
          add(
            i,
            'error',
            'acceleration-limit',
            `Step ${n}: ${joint.label.en} (${joint.name}) would accelerate at ${a.toFixed(1)} rad/s², above its limit ${joint.maxAccelerationRadS2} rad/s². Lower the acceleration.`,
            `手順 ${n}：${joint.label.ja}（${joint.name}）の加速度が ${a.toFixed(1)} rad/s² になり、上限 ${joint.maxAccelerationRadS2} rad/s² を超えます。加速度を下げてください。`,
          );
          return;
        }
      }
      // The tool (and every link end) stays above the table along the way.
      const samples = Math.max(2, Math.ceil(plan.durationS / 0.05));
      for (let k = 0; k <= samples; k++) {
        const q = plan.at((plan.durationS * k) / samples);
        const low = chainPoints(profile, q)
          .slice(2)
          .find((p) => p.z < TABLE_MARGIN_M);
        if (low) {
          add(
            i,
            'error',
            'below-table',
            `Step ${n}: the arm would reach ${(low.z * 100).toFixed(1)} cm below the table surface on the way. Move the waypoint higher.`,
            `手順 ${n}：途中でアームが台の面より ${(-low.z * 100).toFixed(1)} cm 下に入ります。位置を高くしてください。`,
          );
          return;
        }
      }
      pose = { ...step.joints };
    } else if (step.kind === 'gripper') {
      if (Math.abs(step.open - gripperOpen) < 0.05) {
        add(
          i,
          'warning',
          'gripper-no-change',
          `Step ${n}: the gripper is already ${Math.round(step.open * 100)} % open; this step does nothing.`,
          `手順 ${n}：グリッパーはすでに ${Math.round(step.open * 100)} % 開いています。この手順では何も起きません。`,
        );
      }
      if (step.open > gripperOpen + 0.05 && !holding && i > 0) {
        add(
          i,
          'warning',
          'release-without-grasp',
          `Step ${n} opens the gripper, but nothing was grasped before it.`,
          `手順 ${n} はグリッパーを開きますが、その前に何もつかんでいません。`,
        );
      }
      holding =
        step.open < gripperOpen - 0.05 ? true : step.open > gripperOpen + 0.05 ? false : holding;
      gripperOpen = step.open;
    } else if (step.ms > 60_000) {
      add(
        i,
        'warning',
        'long-wait',
        `Step ${n} waits ${Math.round(step.ms / 1000)} s.`,
        `手順 ${n} は ${Math.round(step.ms / 1000)} 秒待ちます。`,
      );
    }
  });
  if (holding) {
    const last = program.steps.length - 1;
    add(
      last,
      'warning',
      'ends-holding',
      'The task ends with the gripper closed (still holding something?).',
      '作業の終わりにグリッパーが閉じたままです（何か持ったままではありませんか）。',
    );
  }
  return { ok: !issues.some((x) => x.severity === 'error'), issues };
}
