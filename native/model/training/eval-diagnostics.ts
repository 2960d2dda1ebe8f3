/**
 * `npm run eval:diagnostics`: verifies the committed default pack, re-runs the held-out evaluation
 * through its ONNX model and the rule baseline, rewrites evaluation.json / evaluation.md next to
 * it and prints the checks against the targets (exit code 1 when a target is missed).
 */
import { checkModelWithOnnxRuntime } from '../pack/onnx-session';
import { verifyPack } from '../pack/verify-pack';
import { runEvaluation, writeReport } from './evaluation-run';
import { simPool } from './sim-pool';
import { checkLine, elapsedLog } from './training-cli';
import { DEFAULT_PACK_DIR } from '../model-registry';

const dir = process.argv.find((a) => a.startsWith('--pack='))?.slice(7) ?? DEFAULT_PACK_DIR;
const log = elapsedLog();

const pack = await verifyPack(dir, { checkModel: checkModelWithOnnxRuntime });
log(
  `pack ${pack.manifest.name} ${pack.manifest.version} verified (signed by ${pack.signer.keyId})`,
);
const pool = simPool();
try {
  const report = await runEvaluation(pool, pack, {
    perFault: 20,
    normalRuns: 8,
    normalHours: 1,
    log,
  });
  await writeReport(dir, report);
  for (const c of report.checks) log(checkLine(c));
  log(
    `macro-F1 model ${report.model.macroF1} vs baseline ${report.baseline.macroF1}; report written to ${dir}`,
  );
  process.exitCode = report.allTargetsMet ? 0 : 1;
} finally {
  await pool.close();
}
