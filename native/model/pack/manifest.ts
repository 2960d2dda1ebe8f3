/**
 * Model pack manifest (format 1). A pack is a folder holding `manifest.json` and the files it
 * lists (at least `model.onnx`), each with its sha256. The manifest names the heads, the input and
 * output tensors with their shapes, the feature pipeline and its normalization, the labels in ja
 * and en, headline evaluation figures, and an Ed25519 signature over the canonical form of
 * everything except the signature itself (keys sorted, no whitespace, UTF-8).
 * Files next to the manifest that it does not list (the full evaluation report) are documents,
 * not part of what is signed.
 */
import { z } from 'zod';

/** The newest manifest format this app understands; newer packs are refused, not guessed at. */
export const SUPPORTED_PACK_FORMAT = 1;

const Text = z.object({ en: z.string(), ja: z.string() });
const Dim = z.union([z.number().int().positive(), z.string().min(1)]);
const TensorSpec = z.object({
  name: z.string().min(1),
  dtype: z.literal('float32'),
  shape: z.array(Dim).min(1).max(8),
});

export const PackManifest = z.object({
  format: z.number().int().positive(),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/),
  description: Text,
  heads: z
    .array(
      z.object({
        name: z.string(),
        kind: z.enum(['classification', 'score']),
        output: z.string(),
        classes: z.array(z.string()).optional(),
      }),
    )
    .min(1),
  inputs: z.array(TensorSpec).min(1),
  outputs: z.array(TensorSpec).min(1),
  features: z.object({
    pipeline: z.string(),
    names: z.array(z.string()).min(1),
    windowMs: z.number().int().positive(),
    gridMs: z.number().int().positive(),
    strideMs: z.number().int().positive(),
  }),
  normalization: z.object({
    center: z.array(z.number()),
    scale: z.array(z.number().positive()),
    transform: z.literal('signed-log1p'),
  }),
  labels: z.record(z.string(), Text),
  evaluation: z.record(z.string(), z.unknown()).optional(),
  files: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() }),
  ),
  signature: z.object({
    algorithm: z.literal('ed25519'),
    keyId: z.string().min(1),
    value: z.string().min(1),
  }),
});
export type PackManifest = z.infer<typeof PackManifest>;
export type UnsignedManifest = Omit<PackManifest, 'signature'>;

/** Deterministic JSON: object keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The bytes the signature covers. */
export function signedBytes(manifest: UnsignedManifest | PackManifest): Buffer {
  const { signature: _signature, ...rest } = manifest as PackManifest;
  return Buffer.from(canonicalJson(rest), 'utf8');
}
