/**
 * `npm run eval:teaching`: verifies the committed teaching pack (signature, hashes, shapes) and
 * re-runs the evaluation on the held-out scripted demonstrations through onnxruntime, printing
 * the figures against the targets and rewriting evaluation-report.json/.md next to the pack.
 * Exits non-zero when a target is missed.
 */
import { getRobotProfile, type ArmRobotProfile } from '../../robots/robot-profile';
import { loadTeachingHead, TEACHING_PACK_DIR } from '../teaching-pack';
import { demoSet } from './teach-dataset';
import { checkLine } from '../../model/training/training-cli';
import { evaluateTeaching, writeTeachingReport } from './teach-evaluation';

const EVAL_SEEDS = Array.from({ length: 40 }, (_, i) => 100_001 + i);
const TRAINED_ON = 120;

async function main(): Promise<void> {
  const dir = process.argv.find((a) => a.startsWith('--pack='))?.slice(7) ?? TEACHING_PACK_DIR;
  const profile = getRobotProfile('openmanipulator-x') as ArmRobotProfile;
  const head = await loadTeachingHead(dir);
  const report = await evaluateTeaching(profile, demoSet(profile, EVAL_SEEDS), head.classify, {
    playbackPrograms: 12,
  });
  await head.release();
  await writeTeachingReport(dir, report, {
    model: head.model,
    trainedOn: TRAINED_ON,
    evalSeeds: EVAL_SEEDS,
  });
  for (const c of report.checks) process.stdout.write(`${checkLine(c)}\n`);
  process.stdout.write(
    `segmentation accuracy ${(report.segmentation.accuracy * 100).toFixed(1)} %\n`,
  );
  if (!report.allTargetsMet) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:teaching failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
