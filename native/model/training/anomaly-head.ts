/**
 * Fits the anomaly head a training script exports beside its classifier: each feature's mean and
 * spread over the reference rows (normalised features), and kappa at the 95th percentile of
 * those rows' mean squared distance, so that 95 % of them score below one half.
 */
import { anomalyScore, type AnomalyHead } from '../onnx/export-mlp';

export function fitAnomalyHead(
  x: Float32Array,
  featureCount: number,
  rows: readonly number[],
): AnomalyHead {
  const f = featureCount;
  const count = rows.length;
  const mean = new Array<number>(f).fill(0);
  const variance = new Array<number>(f).fill(0);
  for (const i of rows)
    for (let k = 0; k < f; k++) mean[k] = (mean[k] ?? 0) + (x[i * f + k] ?? 0) / count;
  for (const i of rows)
    for (let k = 0; k < f; k++)
      variance[k] = (variance[k] ?? 0) + ((x[i * f + k] ?? 0) - (mean[k] ?? 0)) ** 2 / count;
  const head = {
    mean: mean.map((m) => Math.fround(m)),
    std: variance.map((v) => Math.fround(Math.max(Math.sqrt(v), 0.05))),
    kappa: 1,
  };
  const reference = new Float32Array(count * f);
  rows.forEach((i, r) => reference.set(x.subarray(i * f, (i + 1) * f), r * f));
  const scores = Array.from(anomalyScore(reference, count, head))
    .map((a) => a / (1 - a))
    .sort((a, b) => a - b);
  head.kappa = Math.fround(scores[Math.floor(scores.length * 0.95)] ?? 1);
  return head;
}
