/**
 * The teaching head's committed evaluation report (assets/models/teaching-v1/) against its
 * targets; the pack itself verifies (signature, hashes, shapes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkModelWithOnnxRuntime } from '../../../../native/model/pack/onnx-session';
import { verifyPack } from '../../../../native/model/pack/verify-pack';
import { TEACHING_PACK_DIR } from '../../../../native/teach/teaching-pack';

interface Report {
  demonstrations: number;
  samplingHz: { min: number; max: number };
  gripper: { fraction: number; spurious: number };
  waypoints: { keyPoses: number; within3deg: number; maxErrorDeg: number };
  steps: { worstRatio: number };
  playback: { waypoints: number; within1deg: number; maxErrorDeg: number };
  allTargetsMet: boolean;
}

const report = JSON.parse(
  readFileSync(join(TEACHING_PACK_DIR, 'evaluation-report.json'), 'utf8'),
) as Report;

describe('teaching head evaluation report (held-out scripted demonstrations)', () => {
  test('covers enough demonstrations recorded at 30–100 Hz', () => {
    expect(report.demonstrations).toBeGreaterThanOrEqual(30);
    expect(report.samplingHz.min).toBeGreaterThanOrEqual(30);
    expect(report.samplingHz.max).toBeLessThanOrEqual(100);
    expect(report.samplingHz.max - report.samplingHz.min).toBeGreaterThan(40);
  });
  test('≥ 95 % of gripper events within 200 ms, no spurious gripper steps', () => {
    expect(report.gripper.fraction).toBeGreaterThanOrEqual(0.95);
    expect(report.gripper.spurious).toBe(0);
  });
  test('every key pose has a waypoint within 3° on every joint', () => {
    expect(report.waypoints.within3deg).toBe(report.waypoints.keyPoses);
    expect(report.waypoints.maxErrorDeg).toBeLessThanOrEqual(3);
  });
  test('no more than 1.5 × the scripted number of steps', () => {
    expect(report.steps.worstRatio).toBeLessThanOrEqual(1.5);
  });
  test('playback on the simulator reaches every waypoint within 1°', () => {
    expect(report.playback.waypoints).toBeGreaterThan(0);
    expect(report.playback.within1deg).toBe(report.playback.waypoints);
    expect(report.playback.maxErrorDeg).toBeLessThanOrEqual(1);
  });
  test('the report says all targets are met, and the pack verifies', async () => {
    expect(report.allTargetsMet).toBe(true);
    const pack = await verifyPack(TEACHING_PACK_DIR, { checkModel: checkModelWithOnnxRuntime });
    expect(pack.manifest.heads[0]?.classes).toEqual([
      'reach',
      'grasp',
      'transport',
      'release',
      'retract',
      'idle',
    ]);
  });
});
