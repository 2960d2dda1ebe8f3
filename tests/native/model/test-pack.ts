/** A small signed pack for tests: a tiny random MLP with the real feature width and heads. */
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../native/model/features';
import { createMlp } from '../../../native/model/mlp';
import { exportMlpToOnnx } from '../../../native/model/onnx/export-mlp';
import { developmentSigningKey } from '../../../native/model/pack/dev-signing-key';
import type { UnsignedManifest } from '../../../native/model/pack/manifest';
import { writePack } from '../../../native/model/pack/write-pack';
import { CLASS_LABELS, CLASS_NAMES } from '../../../native/model/taxonomy';

export function testManifest(
  overrides: Partial<UnsignedManifest> = {},
): Omit<UnsignedManifest, 'files'> {
  return {
    format: 1,
    name: 'test-diagnostics',
    version: '0.0.1',
    description: { en: 'test', ja: 'テスト' },
    heads: [
      {
        name: 'diagnostics',
        kind: 'classification',
        output: 'probabilities',
        classes: [...CLASS_NAMES],
      },
      { name: 'anomaly', kind: 'score', output: 'anomaly' },
    ],
    inputs: [{ name: 'features', dtype: 'float32', shape: ['N', FEATURE_COUNT] }],
    outputs: [
      { name: 'probabilities', dtype: 'float32', shape: ['N', CLASS_NAMES.length] },
      { name: 'anomaly', dtype: 'float32', shape: ['N', 1] },
    ],
    features: {
      pipeline: 'genba-diagnostics-features/1',
      names: [...FEATURE_NAMES],
      windowMs: 30000,
      gridMs: 100,
      strideMs: 500,
    },
    normalization: {
      center: new Array<number>(FEATURE_COUNT).fill(0),
      scale: new Array<number>(FEATURE_COUNT).fill(1),
      transform: 'signed-log1p',
    },
    labels: Object.fromEntries(CLASS_NAMES.map((c) => [c, CLASS_LABELS[c]])),
    ...overrides,
  };
}

export function testModel(classes: number = CLASS_NAMES.length, seed = 1): Uint8Array {
  const mlp = createMlp([FEATURE_COUNT, 8, classes], seed);
  return exportMlpToOnnx(
    mlp,
    {
      mean: new Array<number>(FEATURE_COUNT).fill(0),
      std: new Array<number>(FEATURE_COUNT).fill(1),
      kappa: 1,
    },
    { version: '0.0.1', docString: 'test' },
  );
}

export async function writeTestPack(
  dir: string,
  options: { classes?: number; version?: string; name?: string } = {},
) {
  return writePack(
    dir,
    testManifest({
      ...(options.version ? { version: options.version } : {}),
      ...(options.name ? { name: options.name } : {}),
    }),
    { 'model.onnx': testModel(options.classes) },
    developmentSigningKey(),
  );
}
