/**
 * `npm run train:diagnostics`: simulate labelled telemetry (fixed seeds), train the diagnostics
 * MLP in TypeScript, export it to ONNX, check onnxruntime agrees with the TypeScript forward pass,
 * evaluate on held-out scenarios, and write the signed default pack and its evaluation report to
 * assets/models/diagnostics-default/. Reproducible: the same seeds give the same pack, byte for
 * byte. Uses both cores (two simulation workers). `--quick` trains a small pack for a smoke test.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  fitNormalization,
  GRID_MS,
  normalizeInto,
  WINDOW_MS,
} from '../features';
import { STRIDE_MS } from '../detector';
import { forward } from '../mlp';
import { anomalyScore, exportMlpToOnnx } from '../onnx/export-mlp';
import { developmentSigningKey } from '../pack/dev-signing-key';
import type { UnsignedManifest } from '../pack/manifest';
import { SUPPORTED_PACK_FORMAT } from '../pack/manifest';
import { checkModelWithOnnxRuntime, PackClassifier } from '../pack/onnx-session';
import { verifyPack } from '../pack/verify-pack';
import { writePack } from '../pack/write-pack';
import { CLASS_LABELS, CLASS_NAMES } from '../taxonomy';
import { FAULT_CLASSES, type FaultClass } from '../../domain';
import { fitAnomalyHead } from './anomaly-head';
import { runEvaluation, writeReport } from './evaluation-run';
import { simPool } from './sim-pool';
import { randomScenario } from './sim-scenarios';
import {
  classifierHeads,
  manifestForCheck as unsignedForCheck,
  maxAbsDiff,
  requireOnnxAgreement,
  trainClassifier,
} from './train-classifier';
import { checkLine, runScript, trainingCli } from './training-cli';

export const DEFAULT_PACK_DIR = fileURLToPath(
  new URL('../../../assets/models/diagnostics-default/', import.meta.url),
);
export const PACK_NAME = 'genba-diagnostics';
export const PACK_VERSION = '1.2.0';
export const FEATURE_PIPELINE = 'genba-diagnostics-features/1';

const { quick, outDir, log } = trainingCli(DEFAULT_PACK_DIR);

async function main(): Promise<void> {
  const pool = simPool();
  try {
    const nTrain = quick ? 24 : 240;
    const faults: (FaultClass | null)[] = [null, ...FAULT_CLASSES];
    // Healthy runs are longer: false alerts come from the rare moments of normal work.
    const specs = Array.from({ length: nTrain }, (_, i) => {
      const fault = faults[i % faults.length] ?? null;
      return randomScenario(i + 1, { durationS: fault || quick ? 240 : 600, fault });
    });
    log(
      `simulating ${specs.length} training scenarios (10–100 Hz, gaps, payloads, duty cycles, 12–38 °C)…`,
    );
    const parts = await Promise.all(
      specs.map((spec) =>
        pool.run<{ features: Float32Array; labels: Int32Array }>({ kind: 'windows', spec }),
      ),
    );
    const n = parts.reduce((s, p) => s + p.labels.length, 0);
    const raw = new Float32Array(n * FEATURE_COUNT);
    const y = new Int32Array(n);
    let at = 0;
    for (const p of parts) {
      raw.set(p.features, at * FEATURE_COUNT);
      y.set(p.labels, at);
      at += p.labels.length;
    }
    const counts = CLASS_NAMES.map((_, c) => y.reduce((s, l) => s + (l === c ? 1 : 0), 0));
    log(`${n} windows: ${CLASS_NAMES.map((c, i) => `${c} ${counts[i]}`).join(', ')}`);

    const rows = Array.from({ length: n }, (_, i) =>
      raw.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT),
    );
    const normalization = fitNormalization(rows.filter((_, i) => i % 3 === 0));
    const x = new Float32Array(n * FEATURE_COUNT);
    rows.forEach((r, i) => normalizeInto(r, normalization, x, i * FEATURE_COUNT));

    const mlp = trainClassifier(x, y, counts, {
      inputs: FEATURE_COUNT,
      hidden: [64, 32],
      classes: CLASS_NAMES.length,
      initSeed: 42,
      seed: 7,
      epochs: quick ? 4 : 30,
      log,
    });

    // Anomaly head: distance from the normal windows' distribution.
    const normalRows = [...y.keys()].filter((i) => y[i] === 0);
    const head = fitAnomalyHead(x, FEATURE_COUNT, normalRows);

    const modelBytes = exportMlpToOnnx(mlp, head, {
      version: PACK_VERSION,
      docString:
        'Genba diagnostics head: per-joint telemetry window features → fault probabilities + anomaly score.',
    });
    const base: Omit<UnsignedManifest, 'files'> = {
      format: SUPPORTED_PACK_FORMAT,
      name: PACK_NAME,
      version: PACK_VERSION,
      description: {
        en: 'Default diagnostics model for Dynamixel X-series arms, trained on simulator data (OpenManipulator-X).',
        ja: 'Dynamixel X シリーズのアーム向け標準診断モデル（OpenManipulator-X シミュレータのデータで学習）。',
      },
      ...classifierHeads(
        { classification: 'diagnostics', score: 'anomaly' },
        CLASS_NAMES,
        FEATURE_COUNT,
      ),
      features: {
        pipeline: FEATURE_PIPELINE,
        names: [...FEATURE_NAMES],
        windowMs: WINDOW_MS,
        gridMs: GRID_MS,
        strideMs: STRIDE_MS,
      },
      normalization,
      labels: Object.fromEntries(CLASS_NAMES.map((c) => [c, CLASS_LABELS[c]])),
    };

    // onnxruntime must agree with the TypeScript forward pass.
    const probe = Math.min(512, n);
    const probeRaw = raw.subarray(0, probe * FEATURE_COUNT);
    const manifestForCheck = unsignedForCheck(base);
    const classifier = await PackClassifier.load(modelBytes, manifestForCheck);
    const ortOut = await classifier.classify(probeRaw, probe);
    await classifier.release();
    const tsProbs = forward(mlp, x.subarray(0, probe * FEATURE_COUNT), probe);
    const tsAnomaly = anomalyScore(x.subarray(0, probe * FEATURE_COUNT), probe, head);
    const maxDiff = maxAbsDiff(tsAnomaly, ortOut.anomaly, maxAbsDiff(tsProbs, ortOut.probs));
    requireOnnxAgreement(maxDiff, `${probe} windows`, log);

    log('evaluating on held-out scenarios (model via onnxruntime, rule baseline)…');
    const report = await runEvaluation(
      pool,
      { modelBytes, manifest: manifestForCheck },
      quick
        ? { perFault: 3, normalRuns: 2, normalHours: 0.1, log }
        : { perFault: 20, normalRuns: 8, normalHours: 1, log },
    );
    await mkdir(outDir, { recursive: true });
    const key = developmentSigningKey();
    await writePack(
      outDir,
      {
        ...base,
        evaluation: {
          macroF1: report.model.macroF1,
          baselineMacroF1: report.baseline.macroF1,
          overheatingMedianLeadS: report.model.lead.overheating.medianLeadS,
          overloadBeforeAlarm: report.model.lead.overload.fractionBeforeAlarm,
          voltageSagBeforeAlarm: report.model.lead.voltage_sag.fractionBeforeAlarm,
          falseAlertsPer8hShift: report.model.falseAlertsPer8hShift,
          allTargetsMet: report.allTargetsMet,
        },
      },
      { 'model.onnx': modelBytes },
      key,
    );
    await writeReport(outDir, report);
    await verifyPack(outDir, { checkModel: checkModelWithOnnxRuntime });
    log(`pack written and verified: ${outDir}`);
    for (const c of report.checks) log(checkLine(c));
    log(`macro-F1 model ${report.model.macroF1} vs baseline ${report.baseline.macroF1}`);
  } finally {
    await pool.close();
  }
}

runScript('train:diagnostics', main);
