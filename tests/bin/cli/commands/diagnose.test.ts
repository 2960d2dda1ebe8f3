import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatTelemetryCsv } from '../../../../native/model/telemetry-csv';
import { runScenario, type ScenarioSpec } from '../../../../native/model/training/sim-scenarios';
import { useTempDir } from '../../../helpers/temp-dir';

const run = promisify(execFile);
const tempDir = useTempDir();
const GENBA = join(import.meta.dirname, '../../../../bin/genba');

function spec(fault: ScenarioSpec['fault']): ScenarioSpec {
  return {
    seed: 4242,
    robot: 'ward-arm',
    durationS: 240,
    ambientC: 24,
    supplyV: 12,
    payload: 1.2,
    duty: 0.4,
    sampleHz: 20,
    gaps: [{ atS: 50, lengthS: 1.5 }],
    fault,
  };
}

interface CliAlert {
  robot: string;
  joint: string;
  fault: string;
  t_ms: number;
  confidence: number;
}

async function diagnose(file: string): Promise<CliAlert[]> {
  const { stdout } = await run(GENBA, ['diagnose', '--input', file, '--json'], {
    timeout: 120_000,
  });
  return JSON.parse(stdout) as CliAlert[];
}

describe('genba diagnose', () => {
  it('finds injected overheating on the right joint before the servo trips', async () => {
    const result = runScenario(
      spec({ name: 'overheating', joint: 'joint3', onsetS: 40, magnitude: 1, rampS: 0 }),
    );
    const file = join(tempDir(), 'overheating.csv');
    writeFileSync(file, formatTelemetryCsv(result.rows));
    const alerts = await diagnose(file);
    const hit = alerts.find((a) => a.fault === 'overheating');
    expect(hit).toMatchObject({ robot: 'ward-arm', joint: 'joint3', fault: 'overheating' });
    expect(hit?.confidence).toBeGreaterThan(0.5);
    expect(hit?.t_ms).toBeGreaterThan(40_000);
    const alarm = result.alarmMs.joint3;
    expect(alarm).toBeDefined();
    expect(hit?.t_ms).toBeLessThan(alarm ?? 0);
    expect(alerts.filter((a) => a.joint !== 'joint3')).toEqual([]);
  });

  it('finds nothing in healthy telemetry', async () => {
    const file = join(tempDir(), 'healthy.csv');
    writeFileSync(file, formatTelemetryCsv(runScenario(spec(null)).rows));
    expect(await diagnose(file)).toEqual([]);
  });

  it('reports a malformed CSV with its line and column', async () => {
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(
      file,
      't_ms,robot,joint,position_rad,velocity_rad_s,current_a,voltage_v,temperature_c,hw_error\n0,a,joint1,0,0,0,12,25,0\n100,a,joint1,0,zero,0,12,25,0\n',
    );
    const error = await run(GENBA, ['diagnose', '--input', file, '--json']).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr.trim()).toMatch(
      /^genba: .*bad\.csv:3: column 5 \(velocity_rad_s\) must be a number, got "zero"\.$/,
    );
  });
});
