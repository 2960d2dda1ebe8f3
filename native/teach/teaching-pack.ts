/**
 * The teaching head's model pack (assets/models/teaching-v1/): verified like every pack (pinned
 * Ed25519 key, sha256 of each file, shapes checked in onnxruntime), then used as a
 * SegmentClassifier. This module loads onnxruntime, so it is imported only where inference may
 * run: the CLI, the teaching worker process and the training/evaluation scripts.
 */
import { fileURLToPath } from 'node:url';
import { checkModelWithOnnxRuntime, PackClassifier } from '../model/pack/onnx-session';
import { verifyPack } from '../model/pack/verify-pack';
import type { SegmentClassifier } from './teach-pipeline';

export const TEACHING_PACK_DIR = fileURLToPath(
  new URL('../../assets/models/teaching-v1/', import.meta.url),
);
export const TEACHING_PACK_NAME = 'genba-teaching';

export interface LoadedTeachingHead {
  classify: SegmentClassifier;
  model: string;
  release(): Promise<void>;
}

export async function loadTeachingHead(
  dir: string = TEACHING_PACK_DIR,
): Promise<LoadedTeachingHead> {
  const pack = await verifyPack(dir, { checkModel: checkModelWithOnnxRuntime });
  const classifier = await PackClassifier.load(pack.modelBytes, pack.manifest);
  return {
    model: `${pack.manifest.name}@${pack.manifest.version}`,
    classify: async (features, n) => (await classifier.classify(features, n)).probs,
    release: () => classifier.release(),
  };
}
