import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRobotProfile, type ArmRobotProfile } from '../../../../native/robots/robot-profile';
import { formatDemonstrationCsv } from '../../../../native/teach/demonstration';
import { scriptedDemo } from '../../../../native/teach/scripted-demos';
import { runGenba } from '../../../helpers/genba-process';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir();
const profile = getRobotProfile('openmanipulator-x') as ArmRobotProfile;
const { demo } = scriptedDemo(profile, 'approach', 3);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('genba teach', () => {
  it('exits 1 on a program beyond a joint limit, and lists the problem in --json', async () => {
    const file = join(tempDir(), 'beyond.csv');
    const max = profile.joints[0]?.maxRad ?? 0;
    writeFileSync(
      file,
      formatDemonstrationCsv({ ...demo, q: demo.q.map((q) => [max + 0.4, ...q.slice(1)]) }),
    );
    const result = await runGenba(['teach', '--input', file, '--json']);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { steps: unknown[]; issues: { code: string }[] };
    expect(out.steps.length).toBeGreaterThan(0);
    expect(out.issues.map((i) => i.code)).toContain('joint-limit');
  });

  it('refuses broken demonstrations with one line, non-zero, the file unchanged', async () => {
    const dir = tempDir();
    const header = 't_ms,joint1,joint2,joint3,joint4,gripper';
    const cases: [string, string, RegExp][] = [
      [
        'times ×1e290',
        formatDemonstrationCsv({ ...demo, t: demo.t.map((t) => t * 1e290) }),
        /line 2, column 1: t_ms 8\.\d+e\+295 is outside 0 … 4102444800000\.$/,
      ],
      [
        'a span over 30 min',
        formatDemonstrationCsv({ ...demo, t: demo.t.map((t, i) => t + i * 1000) }),
        /spans \d+ min; a demonstration may span at most 30 min/,
      ],
      ['an empty file', '', /is not a demonstration CSV for openmanipulator-x/],
      ['a header only', `${header}\n`, /has 0 samples; a demonstration needs at least 10/],
      [
        'a hex position',
        `${header}\n0,0x1,0,0,0,1\n`,
        /line 2, column 2: joint1 "0x1" is not a number/,
      ],
      [
        'a position of 1e300 rad',
        `${header}\n0,1e300,0,0,0,1\n`,
        /line 2, column 2: joint1 1e300 is outside -100 … 100/,
      ],
    ];
    for (const [what, text, message] of cases) {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, text);
      const before = sha(file);
      const result = await runGenba(['teach', '--input', file, '--json'], 60_000);
      expect({ what, code: result.code }).toEqual({ what, code: 2 });
      expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(result.stderr.trim(), what).toMatch(message);
      expect(sha(file), what).toBe(before);
    }
    mkdirSync(join(dir, 'folder.csv'));
    const folder = await runGenba(['teach', '--input', join(dir, 'folder.csv')]);
    expect(folder.code).toBe(2);
    expect(folder.stderr.trim()).toMatch(/folder\.csv is not a regular file\.$/);
  }, 300_000);
});
