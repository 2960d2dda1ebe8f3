/**
 * Verification before activation. In order, each step with a reason a person can act on:
 * 1. manifest.json is present, is JSON, and its format is not from the future;
 * 2. it matches the manifest schema;
 * 3. its signature verifies against a pinned public key (the pack cannot choose its own key), and
 *    that key is believed here (the development key only where `trust` allows it, or for the
 *    packs that ship inside the app);
 * 4. every listed file exists and matches its size and sha256;
 * 5. the model loads in onnxruntime and its inputs and outputs have the declared names and
 *    shapes (checked by running it on a probe batch), consistent with the feature list.
 * A refused pack changes nothing: the caller keeps the active model.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { PackManifest, signedBytes, SUPPORTED_PACK_FORMAT } from './manifest';
import { MAX_MANIFEST_BYTES, MAX_PACK_FILE_BYTES, readPackFile } from './pack-file';
import {
  BUNDLED_PACK_DIGESTS,
  TOOL_PACK_TRUST,
  TRUSTED_KEYS,
  type PackTrust,
  type TrustedKey,
} from './trusted-keys';

export type PackRefusalCode =
  | 'manifest-missing'
  | 'manifest-invalid'
  | 'format-from-the-future'
  | 'untrusted-key'
  | 'bad-signature'
  | 'file-missing'
  | 'file-tampered'
  | 'model-unloadable'
  | 'shape-mismatch';

export class PackRefusedError extends Error {
  constructor(
    readonly code: PackRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'PackRefusedError';
  }
}

export interface VerifiedPack {
  dir: string;
  manifest: PackManifest;
  modelBytes: Uint8Array;
  signer: TrustedKey;
  /** sha256 of the canonical signed manifest: the pack's identity in the registry. */
  digest: string;
}

/** Loads the model and checks it against the manifest; throws PackRefusedError. */
export type ModelChecker = (modelBytes: Uint8Array, manifest: PackManifest) => Promise<void>;

export async function verifyPack(
  dir: string,
  options: {
    checkModel: ModelChecker;
    /** Where the development key is believed; tools from source by default. */
    trust?: PackTrust;
    keys?: readonly TrustedKey[];
  },
): Promise<VerifiedPack> {
  const manifestFile = await readPackFile(join(dir, 'manifest.json'), MAX_MANIFEST_BYTES);
  if (!manifestFile.ok) {
    if (manifestFile.reason === 'missing')
      throw new PackRefusedError(
        'manifest-missing',
        `No manifest.json in ${dir}: this folder is not a model pack.`,
      );
    throw new PackRefusedError(
      'manifest-invalid',
      manifestFile.reason === 'not-a-file'
        ? 'manifest.json is not a regular file (a folder, device or pipe); it was not read.'
        : `manifest.json is ${manifestFile.size ?? '?'} bytes; a manifest is at most ${MAX_MANIFEST_BYTES} bytes, so it was not read.`,
    );
  }
  const text = manifestFile.bytes.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PackRefusedError(
      'manifest-invalid',
      `manifest.json is not valid JSON (${(error as Error).message}).`,
    );
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > SUPPORTED_PACK_FORMAT) {
    throw new PackRefusedError(
      'format-from-the-future',
      `This pack uses manifest format ${format}, newer than this app understands (${SUPPORTED_PACK_FORMAT}). Update Genba to use it; the active model keeps running.`,
    );
  }
  const parsed = PackManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackRefusedError(
      'manifest-invalid',
      `manifest.json does not describe a valid pack: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  const manifest = parsed.data;
  const signer = (options.keys ?? TRUSTED_KEYS).find((k) => k.keyId === manifest.signature.keyId);
  if (!signer) {
    throw new PackRefusedError(
      'untrusted-key',
      `The pack is signed with key "${manifest.signature.keyId}", which this app does not trust. Only packs signed by a pinned key can be activated.`,
    );
  }
  const body = signedBytes(manifest);
  let valid = false;
  try {
    const key = createPublicKey({
      key: Buffer.from(signer.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    valid = verify(null, body, key, Buffer.from(manifest.signature.value, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new PackRefusedError(
      'bad-signature',
      `The signature on manifest.json does not verify with key "${signer.keyId}": the manifest was changed after signing or signed by someone else.`,
    );
  }
  const digest = createHash('sha256').update(body).digest('hex');
  if (
    signer.development &&
    !(options.trust ?? TOOL_PACK_TRUST).developmentKey &&
    !BUNDLED_PACK_DIGESTS.includes(digest)
  ) {
    throw new PackRefusedError(
      'untrusted-key',
      `The pack is signed with the public development key "${signer.keyId}", which anyone can sign with; only development builds and the demo facility accept it. Use a pack signed by the consortium.`,
    );
  }
  if (!manifest.files['model.onnx']) {
    throw new PackRefusedError('manifest-invalid', 'manifest.json does not list model.onnx.');
  }
  let modelBytes: Uint8Array = new Uint8Array(0);
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (expected.bytes > MAX_PACK_FILE_BYTES) {
      throw new PackRefusedError(
        'manifest-invalid',
        `The pack lists ${name} at ${expected.bytes} bytes; a pack file is at most ${MAX_PACK_FILE_BYTES} bytes.`,
      );
    }
    const file = await readPackFile(join(dir, name), MAX_PACK_FILE_BYTES, expected.bytes);
    if (!file.ok) {
      if (file.reason === 'missing')
        throw new PackRefusedError(
          'file-missing',
          `The pack lists ${name}, but the file is missing.`,
        );
      throw new PackRefusedError(
        'file-tampered',
        file.reason === 'not-a-file'
          ? `${name} is not a regular file (a link to a device, a pipe or a folder); it was not read.`
          : `${name} is ${file.size ?? '?'} bytes, not the ${expected.bytes} it was signed with: the file was changed or damaged, and it was not read.`,
      );
    }
    // readPackFile has already held the file to its signed size.
    const bytes = file.bytes;
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== expected.sha256) {
      throw new PackRefusedError(
        'file-tampered',
        `${name} does not match its signed checksum (expected sha256 ${expected.sha256.slice(0, 12)}…, found ${sha.slice(0, 12)}…): the file was changed or damaged.`,
      );
    }
    if (name === 'model.onnx') modelBytes = new Uint8Array(bytes);
  }
  const features = manifest.features.names.length;
  const input = manifest.inputs[0];
  if (
    manifest.normalization.center.length !== features ||
    manifest.normalization.scale.length !== features ||
    input?.shape.at(-1) !== features
  ) {
    throw new PackRefusedError(
      'shape-mismatch',
      `The manifest is inconsistent: ${features} features, normalization for ${manifest.normalization.center.length}, input width ${String(input?.shape.at(-1))}.`,
    );
  }
  await options.checkModel(modelBytes, manifest);
  return {
    dir,
    manifest,
    modelBytes,
    signer,
    digest,
  };
}

/** A probe batch of zeros: the shape the model must accept. */
export function probeShape(shape: (number | string)[], batch: number): number[] {
  return shape.map((d) => (typeof d === 'number' ? d : batch));
}
