/**
 * onnxruntime-node glue: the model check used by verification and the batched classifier. This
 * module loads the native runtime, so it is imported only where inference may run: the inference
 * host process, the CLI and the training/evaluation scripts — never the app's main thread.
 */
import * as ort from 'onnxruntime-node';
import { normalizeInto } from '../features';
import type { Classification } from '../detector';
import type { PackManifest } from './manifest';
import { PackRefusedError, probeShape, type ModelChecker } from './verify-pack';

export async function createSession(modelBytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelBytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

export const checkModelWithOnnxRuntime: ModelChecker = async (modelBytes, manifest) => {
  let session: ort.InferenceSession;
  try {
    session = await createSession(modelBytes);
  } catch (error) {
    throw new PackRefusedError(
      'model-unloadable',
      `model.onnx cannot be loaded by onnxruntime: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  try {
    for (const spec of manifest.inputs) {
      if (!session.inputNames.includes(spec.name))
        throw new PackRefusedError(
          'shape-mismatch',
          `model.onnx has no input "${spec.name}" (it has ${session.inputNames.join(', ')}).`,
        );
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const spec of manifest.inputs) {
      const dims = probeShape(spec.shape, 2);
      feeds[spec.name] = new ort.Tensor(
        'float32',
        new Float32Array(dims.reduce((a, b) => a * b, 1)),
        dims,
      );
    }
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await session.run(feeds);
    } catch (error) {
      throw new PackRefusedError(
        'shape-mismatch',
        `model.onnx does not accept the declared input shape: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    for (const spec of manifest.outputs) {
      const t = out[spec.name];
      const want = probeShape(spec.shape, 2);
      if (!t)
        throw new PackRefusedError(
          'shape-mismatch',
          `model.onnx does not produce the declared output "${spec.name}".`,
        );
      if (t.dims.length !== want.length || t.dims.some((d, i) => d !== want[i]))
        throw new PackRefusedError(
          'shape-mismatch',
          `Output "${spec.name}" has shape [${t.dims.join(', ')}], but the manifest declares [${want.join(', ')}] for a batch of 2.`,
        );
    }
  } finally {
    await session.release();
  }
};

/** Batched inference on raw feature rows, normalized as the manifest says. */
export class PackClassifier {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly manifest: PackManifest,
  ) {}

  static async load(modelBytes: Uint8Array, manifest: PackManifest): Promise<PackClassifier> {
    return new PackClassifier(await createSession(modelBytes), manifest);
  }

  async classify(features: Float32Array, n: number): Promise<Classification> {
    const f = this.manifest.features.names.length;
    const input = this.manifest.inputs[0]?.name ?? 'features';
    const probsName =
      this.manifest.heads.find((h) => h.kind === 'classification')?.output ?? 'probabilities';
    const anomalyName = this.manifest.heads.find((h) => h.kind === 'score')?.output ?? 'anomaly';
    const classes =
      this.manifest.heads.find((h) => h.kind === 'classification')?.classes?.length ?? 8;
    const probs = new Float32Array(n * classes);
    const anomaly = new Float32Array(n);
    const chunk = 8192;
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const x = new Float32Array(count * f);
      for (let r = 0; r < count; r++)
        normalizeInto(
          features.subarray((start + r) * f, (start + r + 1) * f),
          this.manifest.normalization,
          x,
          r * f,
        );
      const out = await this.session.run({ [input]: new ort.Tensor('float32', x, [count, f]) });
      probs.set(out[probsName]?.data as Float32Array, start * classes);
      anomaly.set(out[anomalyName]?.data as Float32Array, start);
    }
    return { probs, anomaly };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
