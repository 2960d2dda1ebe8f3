/** Worker thread for training and evaluation: simulates scenarios off the coordinating thread. */
import { FEATURE_COUNT } from '../features';
import type { PackManifest } from '../pack/manifest';
import { PackClassifier } from '../pack/onnx-session';
import { answerPoolJobs } from '../worker-pool';
import { scenarioWindows } from './dataset';
import { evaluateScenario } from './evaluate-scenario';
import type { ScenarioSpec } from './sim-scenarios';

export type SimJob =
  | { kind: 'windows'; spec: ScenarioSpec }
  | { kind: 'evaluate'; spec: ScenarioSpec; modelBytes: Uint8Array; manifest: PackManifest };

let cached: { bytes: Uint8Array; classifier: PackClassifier } | null = null;

async function handle(job: SimJob): Promise<unknown> {
  if (job.kind === 'windows') {
    const w = scenarioWindows(job.spec);
    const features = new Float32Array(w.labels.length * FEATURE_COUNT);
    w.features.forEach((x, i) => features.set(x, i * FEATURE_COUNT));
    return { features, labels: Int32Array.from(w.labels) };
  }
  if (!cached || cached.bytes.length !== job.modelBytes.length) {
    cached = {
      bytes: job.modelBytes,
      classifier: await PackClassifier.load(job.modelBytes, job.manifest),
    };
  }
  const classifier = cached.classifier;
  return evaluateScenario(job.spec, (x, n) => classifier.classify(x, n));
}

answerPoolJobs(handle);
