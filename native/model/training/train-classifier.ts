import { createMlp, train, type Mlp } from '../mlp';
import { ANOMALY_NAME, INPUT_NAME, PROBS_NAME } from '../onnx/export-mlp';
import type { PackManifest, UnsignedManifest } from '../pack/manifest';

export interface ClassifierTraining {
  inputs: number;
  hidden: readonly [number, number];
  classes: number;
  /** Seed of the initial weights. */
  initSeed: number;
  /** Seed of the batch order. */
  seed: number;
  epochs: number;
  log: (line: string) => void;
}

/**
 * The packs' classifier: an MLP with two hidden layers, trained with Adam on class-weighted
 * cross-entropy, each class weighted by √(largest count / its count) so rare faults still count.
 */
export function trainClassifier(
  x: Float32Array,
  y: Int32Array,
  counts: readonly number[],
  t: ClassifierTraining,
): Mlp {
  const maxCount = Math.max(...counts);
  const classWeights = counts.map((c) => (c ? Math.sqrt(maxCount / c) : 0));
  const layers = [t.inputs, ...t.hidden, t.classes];
  const mlp = createMlp(layers, t.initSeed);
  t.log(`training MLP ${layers.join('→')} (Adam, class-weighted cross-entropy)…`);
  train(mlp, x, y, {
    epochs: t.epochs,
    batchSize: 128,
    learningRate: 3e-3,
    weightDecay: 1e-4,
    classWeights,
    seed: t.seed,
    log: (line) => t.log(line),
  });
  return mlp;
}

/** A classifier pack's heads, input and outputs: the class probabilities and one score. */
export function classifierHeads(
  names: { classification: string; score: string },
  classes: readonly string[],
  featureCount: number,
): Pick<UnsignedManifest, 'heads' | 'inputs' | 'outputs'> {
  return {
    heads: [
      {
        name: names.classification,
        kind: 'classification',
        output: PROBS_NAME,
        classes: [...classes],
      },
      { name: names.score, kind: 'score', output: ANOMALY_NAME },
    ],
    inputs: [{ name: INPUT_NAME, dtype: 'float32', shape: ['N', featureCount] }],
    outputs: [
      { name: PROBS_NAME, dtype: 'float32', shape: ['N', classes.length] },
      { name: ANOMALY_NAME, dtype: 'float32', shape: ['N', 1] },
    ],
  };
}

/** The manifest with an empty file list and a placeholder signature, to load the model unsigned. */
export function manifestForCheck(base: Omit<UnsignedManifest, 'files'>): PackManifest {
  return { ...base, files: {}, signature: { algorithm: 'ed25519', keyId: '-', value: '-' } };
}

/** The largest |ours[i] − theirs[i]| (a missing entry of theirs counts as 0), at least `from`. */
export function maxAbsDiff(ours: Float32Array, theirs: ArrayLike<number>, from = 0): number {
  let maxDiff = from;
  ours.forEach((p, i) => (maxDiff = Math.max(maxDiff, Math.abs(p - (theirs[i] ?? 0)))));
  return maxDiff;
}

/** onnxruntime must agree with the TypeScript forward pass: logs the gap, throws past 1e-4. */
export function requireOnnxAgreement(
  maxDiff: number,
  probe: string,
  log: (line: string) => void,
): void {
  log(
    `onnxruntime vs TypeScript forward pass: max |Δ| = ${maxDiff.toExponential(2)} over ${probe}`,
  );
  if (maxDiff > 1e-4)
    throw new Error(
      `The exported ONNX model disagrees with the trained network (max |Δ| ${maxDiff}).`,
    );
}
