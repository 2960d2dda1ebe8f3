/** Worker thread of the out-of-distribution evaluation: one held-out scenario per message. */
import type { PackManifest } from '../pack/manifest';
import { PackClassifier } from '../pack/onnx-session';
import { answerPoolJobs } from '../worker-pool';
import { evaluateHeldOutScenario, type HeldOutJob } from './evaluate-held-out-scenario';

export interface HeldOutWorkerJob {
  job: HeldOutJob;
  modelBytes: Uint8Array;
  manifest: PackManifest;
}

let cached: { key: string; classifier: PackClassifier } | null = null;

async function handle(w: HeldOutWorkerJob): Promise<unknown> {
  const key = `${w.manifest.name}@${w.manifest.version}:${w.modelBytes.length}`;
  if (!cached || cached.key !== key)
    cached = { key, classifier: await PackClassifier.load(w.modelBytes, w.manifest) };
  const classifier = cached.classifier;
  return evaluateHeldOutScenario(w.job, (x, n) => classifier.classify(x, n));
}

answerPoolJobs(handle);
