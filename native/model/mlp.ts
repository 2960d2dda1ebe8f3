/**
 * A compact multilayer perceptron in plain TypeScript (Float32Array, no dependencies): dense
 * layers with ReLU, softmax output, class-weighted cross-entropy, Adam with weight decay, and a
 * seeded initialisation so training repeats bit for bit. The same weights are exported as an ONNX
 * graph (onnx/export-mlp.ts) whose outputs are checked against `forward` here.
 */
import { SeededRandom } from '../servos/physics/random';

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Row-major [inputs × outputs] (the layout ONNX Gemm takes as B). */
  weight: Float32Array;
  bias: Float32Array;
}

export interface Mlp {
  layers: DenseLayer[];
}

export function createMlp(sizes: number[], seed: number): Mlp {
  const random = new SeededRandom(seed);
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l] ?? 1;
    const outputs = sizes[l + 1] ?? 1;
    const weight = new Float32Array(inputs * outputs);
    const std = Math.sqrt(2 / inputs);
    for (let i = 0; i < weight.length; i++) weight[i] = random.gaussian() * std;
    layers.push({ inputs, outputs, weight, bias: new Float32Array(outputs) });
  }
  return { layers };
}

/** Forward pass for a batch `x` [n × inputs]; returns softmax probabilities [n × classes]. */
export function forward(mlp: Mlp, x: Float32Array, n: number): Float32Array {
  return forwardWithActivations(mlp, x, n).at(-1) ?? new Float32Array(0);
}

function forwardWithActivations(mlp: Mlp, x: Float32Array, n: number): Float32Array[] {
  const acts: Float32Array[] = [x];
  let input = x;
  mlp.layers.forEach((layer, index) => {
    const { inputs, outputs, weight, bias } = layer;
    const out = new Float32Array(n * outputs);
    for (let r = 0; r < n; r++) {
      const o = r * outputs;
      for (let j = 0; j < outputs; j++) out[o + j] = bias[j] ?? 0;
      for (let i = 0; i < inputs; i++) {
        const v = input[r * inputs + i] ?? 0;
        if (v === 0) continue;
        const w = i * outputs;
        for (let j = 0; j < outputs; j++) out[o + j] = (out[o + j] ?? 0) + v * (weight[w + j] ?? 0);
      }
    }
    const last = index === mlp.layers.length - 1;
    if (!last) {
      for (let k = 0; k < out.length; k++) if ((out[k] ?? 0) < 0) out[k] = 0;
    } else {
      for (let r = 0; r < n; r++) {
        let max = -Infinity;
        for (let j = 0; j < outputs; j++) max = Math.max(max, out[r * outputs + j] ?? 0);
        let sum = 0;
        for (let j = 0; j < outputs; j++) {
          const e = Math.exp((out[r * outputs + j] ?? 0) - max);
          out[r * outputs + j] = e;
          sum += e;
        }
        for (let j = 0; j < outputs; j++) out[r * outputs + j] = (out[r * outputs + j] ?? 0) / sum;
      }
    }
    acts.push(out);
    input = out;
  });
  return acts;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  classWeights: number[];
  seed: number;
  log?: (line: string) => void;
}

/** Trains in place on `x` [n × inputs] with integer labels `y`. */
export function train(mlp: Mlp, x: Float32Array, y: Int32Array, options: TrainOptions): void {
  const n = y.length;
  const inputs = mlp.layers[0]?.inputs ?? 0;
  const classes = mlp.layers.at(-1)?.outputs ?? 0;
  const random = new SeededRandom(options.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const m = mlp.layers.map((l) => ({
    w: new Float32Array(l.weight.length),
    b: new Float32Array(l.bias.length),
  }));
  const v = mlp.layers.map((l) => ({
    w: new Float32Array(l.weight.length),
    b: new Float32Array(l.bias.length),
  }));
  const grads = mlp.layers.map((l) => ({
    w: new Float32Array(l.weight.length),
    b: new Float32Array(l.bias.length),
  }));
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  const bs = options.batchSize;
  const xb = new Float32Array(bs * inputs);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    // Cosine decay of the learning rate over the epochs.
    const lr = options.learningRate * 0.5 * (1 + Math.cos((Math.PI * epoch) / options.epochs));
    let lossSum = 0;
    let weightSum = 0;
    for (let start = 0; start < n; start += bs) {
      const count = Math.min(bs, n - start);
      for (let r = 0; r < count; r++) {
        const idx = order[start + r] ?? 0;
        xb.set(x.subarray(idx * inputs, (idx + 1) * inputs), r * inputs);
      }
      const acts = forwardWithActivations(mlp, xb, count);
      const probs = acts.at(-1) ?? new Float32Array(0);
      // dL/dlogits = w_y (p − onehot) / Σw
      let delta = new Float32Array(count * classes);
      let wsum = 0;
      for (let r = 0; r < count; r++) {
        const label = y[order[start + r] ?? 0] ?? 0;
        const cw = options.classWeights[label] ?? 1;
        wsum += cw;
        lossSum -= cw * Math.log(Math.max(probs[r * classes + label] ?? 0, 1e-9));
        for (let j = 0; j < classes; j++) {
          delta[r * classes + j] = cw * ((probs[r * classes + j] ?? 0) - (j === label ? 1 : 0));
        }
      }
      weightSum += wsum;
      for (let k = 0; k < delta.length; k++) delta[k] = (delta[k] ?? 0) / wsum;
      for (let l = mlp.layers.length - 1; l >= 0; l--) {
        const layer = mlp.layers[l];
        const g = grads[l];
        const a = acts[l];
        if (!layer || !g || !a) continue;
        const { inputs: ni, outputs: no, weight } = layer;
        g.w.fill(0);
        g.b.fill(0);
        for (let r = 0; r < count; r++) {
          for (let j = 0; j < no; j++) g.b[j] = (g.b[j] ?? 0) + (delta[r * no + j] ?? 0);
          for (let i = 0; i < ni; i++) {
            const av = a[r * ni + i] ?? 0;
            if (av === 0) continue;
            const w = i * no;
            for (let j = 0; j < no; j++)
              g.w[w + j] = (g.w[w + j] ?? 0) + av * (delta[r * no + j] ?? 0);
          }
        }
        if (l > 0) {
          const next = new Float32Array(count * ni);
          for (let r = 0; r < count; r++) {
            for (let i = 0; i < ni; i++) {
              if ((a[r * ni + i] ?? 0) <= 0) continue; // ReLU gate
              let s = 0;
              const w = i * no;
              for (let j = 0; j < no; j++) s += (weight[w + j] ?? 0) * (delta[r * no + j] ?? 0);
              next[r * ni + i] = s;
            }
          }
          delta = next;
        }
      }
      step++;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      mlp.layers.forEach((layer, l) => {
        const g = grads[l];
        const mm = m[l];
        const vv = v[l];
        if (!g || !mm || !vv) return;
        const update = (
          p: Float32Array,
          gp: Float32Array,
          mp: Float32Array,
          vp: Float32Array,
          decay: number,
        ) => {
          for (let k = 0; k < p.length; k++) {
            const gk = (gp[k] ?? 0) + decay * (p[k] ?? 0);
            mp[k] = beta1 * (mp[k] ?? 0) + (1 - beta1) * gk;
            vp[k] = beta2 * (vp[k] ?? 0) + (1 - beta2) * gk * gk;
            p[k] = (p[k] ?? 0) - (lr * ((mp[k] ?? 0) / c1)) / (Math.sqrt((vp[k] ?? 0) / c2) + 1e-8);
          }
        };
        update(layer.weight, g.w, mm.w, vv.w, options.weightDecay);
        update(layer.bias, g.b, mm.b, vv.b, 0);
      });
    }
    options.log?.(`epoch ${epoch + 1}/${options.epochs} loss ${(lossSum / weightSum).toFixed(4)}`);
  }
}
