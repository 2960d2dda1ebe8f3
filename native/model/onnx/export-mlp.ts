/**
 * The diagnostics network as an ONNX graph, built in TypeScript (opset 13, IR 8):
 *   features [N,F] (normalized) → Gemm → Relu → … → Gemm → Softmax → probabilities [N,C]
 *   features → (x − μ) / σ → ² → ReduceMean → s / (s + κ) → anomaly [N,1]
 * The anomaly head is a distance from the normal operating region learned in training
 * (μ, σ of the normalized features of normal windows), squashed to 0…1: it rises on anything
 * unlike normal operation, including faults the classifier was never shown.
 */
import type { Mlp } from '../mlp';
import { encodeModel, TensorType, type OnnxNode, type OnnxTensor } from './protobuf';

export const INPUT_NAME = 'features';
export const PROBS_NAME = 'probabilities';
export const ANOMALY_NAME = 'anomaly';

export interface AnomalyHead {
  mean: number[];
  std: number[];
  kappa: number;
}

export function exportMlpToOnnx(
  mlp: Mlp,
  anomaly: AnomalyHead,
  meta: { version: string; docString: string },
): Uint8Array {
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const features = mlp.layers[0]?.inputs ?? 0;
  const classes = mlp.layers.at(-1)?.outputs ?? 0;
  let x = INPUT_NAME;
  mlp.layers.forEach((layer, i) => {
    inits.push({
      name: `W${i}`,
      dims: [layer.inputs, layer.outputs],
      type: TensorType.FLOAT,
      data: layer.weight,
    });
    inits.push({ name: `b${i}`, dims: [layer.outputs], type: TensorType.FLOAT, data: layer.bias });
    const out = `h${i}`;
    nodes.push({
      opType: 'Gemm',
      name: `dense${i}`,
      inputs: [x, `W${i}`, `b${i}`],
      outputs: [out],
    });
    x = out;
    if (i < mlp.layers.length - 1) {
      nodes.push({ opType: 'Relu', name: `relu${i}`, inputs: [out], outputs: [`${out}_relu`] });
      x = `${out}_relu`;
    }
  });
  nodes.push({
    opType: 'Softmax',
    name: 'softmax',
    inputs: [x],
    outputs: [PROBS_NAME],
    attributes: [{ name: 'axis', int: 1 }],
  });

  inits.push({
    name: 'normal_mean',
    dims: [features],
    type: TensorType.FLOAT,
    data: Float32Array.from(anomaly.mean),
  });
  inits.push({
    name: 'normal_std',
    dims: [features],
    type: TensorType.FLOAT,
    data: Float32Array.from(anomaly.std),
  });
  inits.push({
    name: 'kappa',
    dims: [1],
    type: TensorType.FLOAT,
    data: Float32Array.from([anomaly.kappa]),
  });
  nodes.push({
    opType: 'Sub',
    name: 'centre',
    inputs: [INPUT_NAME, 'normal_mean'],
    outputs: ['a_c'],
  });
  nodes.push({ opType: 'Div', name: 'scale', inputs: ['a_c', 'normal_std'], outputs: ['a_z'] });
  nodes.push({ opType: 'Mul', name: 'square', inputs: ['a_z', 'a_z'], outputs: ['a_z2'] });
  nodes.push({
    opType: 'ReduceMean',
    name: 'distance',
    inputs: ['a_z2'],
    outputs: ['a_s'],
    attributes: [
      { name: 'axes', ints: [1] },
      { name: 'keepdims', int: 1 },
    ],
  });
  nodes.push({ opType: 'Add', name: 'plus_kappa', inputs: ['a_s', 'kappa'], outputs: ['a_sk'] });
  nodes.push({ opType: 'Div', name: 'squash', inputs: ['a_s', 'a_sk'], outputs: [ANOMALY_NAME] });

  return encodeModel({
    irVersion: 8,
    opset: 13,
    producerName: 'genba-train-diagnostics',
    producerVersion: meta.version,
    graphName: 'genba_diagnostics',
    docString: meta.docString,
    nodes,
    initializers: inits,
    inputs: [{ name: INPUT_NAME, shape: ['N', features] }],
    outputs: [
      { name: PROBS_NAME, shape: ['N', classes] },
      { name: ANOMALY_NAME, shape: ['N', 1] },
    ],
    metadata: { classes: String(classes), features: String(features) },
  });
}

/** The anomaly head in TypeScript, identical to the graph's. */
export function anomalyScore(x: Float32Array, n: number, head: AnomalyHead): Float32Array {
  const f = head.mean.length;
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < f; i++) {
      const z = ((x[r * f + i] ?? 0) - (head.mean[i] ?? 0)) / (head.std[i] ?? 1);
      s += z * z;
    }
    s /= f;
    out[r] = s / (s + head.kappa);
  }
  return out;
}
