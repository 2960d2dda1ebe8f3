/**
 * `npm run train:teaching`: scripted demonstrations (fixed seeds) → the teaching head, trained
 * with the diagnostics pipeline (native/model: the TypeScript MLP and Adam trainer, the ONNX
 * exporter, the Ed25519-signed pack format), checked in onnxruntime against the TypeScript
 * forward pass, evaluated on held-out demonstrations (other seeds) and written with its report
 * to assets/models/teaching-v1/. Reproducible byte for byte; a few minutes on two cores.
 * `--quick` trains a small pack for smoke tests; `--out=<dir>` writes elsewhere.
 */
import { mkdir } from 'node:fs/promises';
import { normalizeInto } from '../../model/features';
import { forward } from '../../model/mlp';
import { exportMlpToOnnx } from '../../model/onnx/export-mlp';
import { developmentSigningKey } from '../../model/pack/dev-signing-key';
import { fitAnomalyHead } from '../../model/training/anomaly-head';
import {
  classifierHeads,
  manifestForCheck as unsignedForCheck,
  maxAbsDiff,
  requireOnnxAgreement,
  trainClassifier,
} from '../../model/training/train-classifier';
import { checkLine, runScript, trainingCli } from '../../model/training/training-cli';
import { SUPPORTED_PACK_FORMAT, type UnsignedManifest } from '../../model/pack/manifest';
import { checkModelWithOnnxRuntime, PackClassifier } from '../../model/pack/onnx-session';
import { verifyPack } from '../../model/pack/verify-pack';
import { writePack } from '../../model/pack/write-pack';
import { getRobotProfile, type ArmRobotProfile } from '../../robots/robot-profile';
import { PRIMITIVE_LABELS, PRIMITIVES } from '../program';
import {
  fitTeachNormalization,
  GRID_MS,
  TEACH_FEATURE_COUNT,
  TEACH_FEATURE_NAMES,
  TEACH_FEATURE_PIPELINE,
} from '../teach-features';
import { TEACHING_PACK_DIR, TEACHING_PACK_NAME } from '../teaching-pack';
import { datasetOf, demoSet } from './teach-dataset';
import { evaluateTeaching, writeTeachingReport } from './teach-evaluation';

export const PACK_VERSION = '1.0.0';
export const TRAIN_SEEDS = Array.from({ length: 120 }, (_, i) => i + 1);
export const EVAL_SEEDS = Array.from({ length: 40 }, (_, i) => 100_001 + i);

const { quick, outDir, log } = trainingCli(TEACHING_PACK_DIR);

async function main(): Promise<void> {
  const profile = getRobotProfile('openmanipulator-x') as ArmRobotProfile;
  const trainSeeds = quick ? TRAIN_SEEDS.slice(0, 16) : TRAIN_SEEDS;
  const evalSeeds = quick ? EVAL_SEEDS.slice(0, 8) : EVAL_SEEDS;
  log(
    `performing ${trainSeeds.length} scripted demonstrations (4 tasks, 30–100 Hz, tremor, hesitations)…`,
  );
  const { x: raw, y } = datasetOf(profile, demoSet(profile, trainSeeds), 2);
  const n = y.length;
  const counts = PRIMITIVES.map((_, c) => y.reduce((s, l) => s + (l === c ? 1 : 0), 0));
  log(`${n} grid points: ${PRIMITIVES.map((p, i) => `${p} ${counts[i]}`).join(', ')}`);
  const normalization = fitTeachNormalization(raw, n);
  const x = new Float32Array(n * TEACH_FEATURE_COUNT);
  for (let i = 0; i < n; i++)
    normalizeInto(
      raw.subarray(i * TEACH_FEATURE_COUNT, (i + 1) * TEACH_FEATURE_COUNT),
      normalization,
      x,
      i * TEACH_FEATURE_COUNT,
    );
  const mlp = trainClassifier(x, y, counts, {
    inputs: TEACH_FEATURE_COUNT,
    hidden: [48, 32],
    classes: PRIMITIVES.length,
    initSeed: 11,
    seed: 5,
    epochs: quick ? 3 : 14,
    log,
  });

  // Unfamiliar-motion score: distance from the training demonstrations' feature distribution.
  const head = fitAnomalyHead(x, TEACH_FEATURE_COUNT, [...y.keys()]);
  const f = TEACH_FEATURE_COUNT;

  const modelBytes = exportMlpToOnnx(mlp, head, {
    version: PACK_VERSION,
    docString:
      'Genba teaching head: demonstration grid features → primitive probabilities (reach, grasp, transport, release, retract, idle) + unfamiliar-motion score.',
  });
  const base: Omit<UnsignedManifest, 'files'> = {
    format: SUPPORTED_PACK_FORMAT,
    name: TEACHING_PACK_NAME,
    version: PACK_VERSION,
    description: {
      en: 'Teaching head for the OpenManipulator-X: segments a hand-guided demonstration into task primitives. Trained on scripted demonstrations with human imperfection.',
      ja: 'OpenManipulator-X 用の教示モデル：手で教えた動きを作業の基本動作に分けます。人の手のぶれを含む台本付きの教示データで学習。',
    },
    ...classifierHeads(
      { classification: 'teaching', score: 'unfamiliar-motion' },
      PRIMITIVES,
      TEACH_FEATURE_COUNT,
    ),
    features: {
      pipeline: TEACH_FEATURE_PIPELINE,
      names: [...TEACH_FEATURE_NAMES],
      windowMs: 4000,
      gridMs: GRID_MS,
      strideMs: GRID_MS,
    },
    normalization,
    labels: PRIMITIVE_LABELS,
  };
  const manifestForCheck = unsignedForCheck(base);
  const classifier = await PackClassifier.load(modelBytes, manifestForCheck);
  const probe = Math.min(512, n);
  const ort = await classifier.classify(raw.subarray(0, probe * f), probe);
  const ts = forward(mlp, x.subarray(0, probe * f), probe);
  requireOnnxAgreement(maxAbsDiff(ts, ort.probs), `${probe} points`, log);

  log(`evaluating on ${evalSeeds.length} held-out demonstrations through onnxruntime…`);
  const report = await evaluateTeaching(
    profile,
    demoSet(profile, evalSeeds),
    async (feat, count) => (await classifier.classify(feat, count)).probs,
    {
      playbackPrograms: quick ? 2 : 12,
    },
  );
  await classifier.release();
  await mkdir(outDir, { recursive: true });
  await writePack(
    outDir,
    {
      ...base,
      evaluation: {
        gripperEventsFoundWithin200ms: report.gripper.fraction,
        spuriousGripperSteps: report.gripper.spurious,
        keyPosesWithin3deg: report.waypoints.fraction,
        stepRatioWorst: report.steps.worstRatio,
        playbackWithin1deg: report.playback.fraction,
        segmentationAccuracy: report.segmentation.accuracy,
        allTargetsMet: report.allTargetsMet,
      },
    },
    { 'model.onnx': modelBytes },
    developmentSigningKey(),
  );
  await writeTeachingReport(outDir, report, {
    model: `${TEACHING_PACK_NAME}@${PACK_VERSION}`,
    trainedOn: trainSeeds.length,
    evalSeeds,
  });
  await verifyPack(outDir, { checkModel: checkModelWithOnnxRuntime });
  log(`pack written and verified: ${outDir}`);
  for (const c of report.checks) log(checkLine(c));
  log(`segmentation accuracy ${(report.segmentation.accuracy * 100).toFixed(1)} %`);
}

runScript('train:teaching', main);
