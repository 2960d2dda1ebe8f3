import { describe, expect, test } from 'vitest';
import { getRobotProfile, type ArmRobotProfile } from '../../../native/robots/robot-profile';
import { loadProgram, ProgramError } from '../../../native/teach/program';
import { validateProgram } from '../../../native/teach/validate';

const profile = getRobotProfile('openmanipulator-x') as ArmRobotProfile;
const move = (id: string, joints: Record<string, number>, extra: object = {}) => ({
  kind: 'move',
  id,
  name: { en: id, ja: id },
  joints,
  path: 'joint',
  speed: 0.5,
  acceleration: 0.5,
  ...extra,
});
const program = (steps: unknown[]): unknown => ({
  format: 'genba-task',
  version: 2,
  name: 'test',
  robotProfile: 'openmanipulator-x',
  createdMs: 0,
  steps,
});
const HOME = { joint1: 0, joint2: -1, joint3: 0.3, joint4: 0.7 };

describe('task program format', () => {
  test('a version 1 program is migrated', () => {
    const p = loadProgram({
      version: 1,
      name: 'old',
      robot: 'openmanipulator-x',
      jointOrder: ['joint1', 'joint2', 'joint3', 'joint4'],
      steps: [
        { type: 'move', joints: [0, -1, 0.3, 0.7], speedPercent: 40 },
        { type: 'grip', grip: 'close' },
        { type: 'wait', seconds: 2 },
      ],
    });
    expect(p.version).toBe(2);
    expect(p.steps.map((s) => s.kind)).toEqual(['move', 'gripper', 'wait']);
    expect(p.steps[0]).toMatchObject({ joints: HOME, speed: 0.4 });
    expect(p.steps[1]).toMatchObject({ open: 0 });
    expect(p.steps[2]).toMatchObject({ ms: 2000 });
  });

  test('a program from a newer Genba is refused with the reason', () => {
    expect(() => loadProgram({ ...(program([]) as object), version: 3 })).toThrow(/newer Genba/);
    try {
      loadProgram('{not json');
    } catch (error) {
      expect(error).toBeInstanceOf(ProgramError);
      expect((error as ProgramError).code).toBe('not-json');
    }
  });

  test('invalid fields name the step', () => {
    expect(() => loadProgram(program([move('a', HOME, { speed: 3 })]))).toThrow(/step 1 \(speed\)/);
  });
});

describe('validation before a run', () => {
  test('a joint beyond its limit is an error on its step, naming the joint and the limit', () => {
    const p = loadProgram(program([move('a', HOME), move('b', { ...HOME, joint2: 2.0 })]));
    const { ok, issues } = validateProgram(p, profile);
    expect(ok).toBe(false);
    const issue = issues.find((i) => i.code === 'joint-limit');
    expect(issue?.stepIndex).toBe(1);
    expect(issue?.message.en).toMatch(
      /Step 2: Shoulder \(joint2\).*outside its limit -102\.6° … 90\.0°/,
    );
    expect(issue?.message.ja).toMatch(/手順 2/);
  });

  test('a linear move through an unreachable region and a move into the table are refused', () => {
    const down = { joint1: 0, joint2: 1.5, joint3: 0.5, joint4: 0.5 };
    const { issues } = validateProgram(
      loadProgram(program([move('a', HOME), move('b', down)])),
      profile,
    );
    expect(issues.some((i) => i.code === 'below-table' && i.stepIndex === 1)).toBe(true);
    const far = loadProgram(
      program([
        move('a', { joint1: -1.5, joint2: 0, joint3: 0, joint4: 0 }),
        move('b', { joint1: 1.5, joint2: 0, joint3: 0, joint4: 0 }, { path: 'linear' }),
      ]),
    );
    const r = validateProgram(far, profile);
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.stepIndex).toBe(1);
  });

  test('gripper state through the program', () => {
    const g = (id: string, open: number) => ({
      kind: 'gripper',
      id,
      name: { en: id, ja: id },
      open,
    });
    const { ok, issues } = validateProgram(
      loadProgram(program([move('a', HOME), g('c', 0.2)])),
      profile,
    );
    expect(ok).toBe(true);
    expect(issues.map((i) => i.code)).toEqual(['ends-holding']);
  });
});
