import { FEATURE_COUNT } from './feature-names';

/** Robust normalization written into the manifest: (x − center) / scale, then signed log1p. */
export interface Normalization {
  center: number[];
  scale: number[];
  transform: 'signed-log1p';
}

export function normalizeInto(
  raw: Float32Array,
  norm: Normalization,
  out: Float32Array,
  offset = 0,
): void {
  for (let i = 0; i < raw.length; i++) {
    const z = ((raw[i] ?? 0) - (norm.center[i] ?? 0)) / (norm.scale[i] ?? 1);
    out[offset + i] = Math.sign(z) * Math.log1p(Math.abs(z));
  }
}

/** Median and a spread floor per feature, from the training windows. */
export function fitNormalization(rows: Float32Array[]): Normalization {
  const center: number[] = [];
  const scale: number[] = [];
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const col = rows.map((r) => r[i] ?? 0).sort((a, b) => a - b);
    const q = (p: number) => col[Math.min(col.length - 1, Math.floor(p * col.length))] ?? 0;
    const mean = col.reduce((a, b) => a + b, 0) / Math.max(col.length, 1);
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(col.length, 1));
    center.push(round6(q(0.5)));
    scale.push(round6(Math.max((q(0.75) - q(0.25)) / 1.349, 0.25 * std, 1e-3)));
  }
  return { center, scale, transform: 'signed-log1p' };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
