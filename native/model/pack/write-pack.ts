/** Writes and signs a pack folder (training script, tests building tampered packs). */
import { createHash, sign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signedBytes, type PackManifest, type UnsignedManifest } from './manifest';

export function signManifest(
  manifest: Omit<UnsignedManifest, 'files'> & { files: UnsignedManifest['files'] },
  key: { keyId: string; privateKey: KeyObject },
): PackManifest {
  const unsigned = { ...manifest };
  const value = sign(null, signedBytes(unsigned), key.privateKey).toString('base64');
  return { ...unsigned, signature: { algorithm: 'ed25519', keyId: key.keyId, value } };
}

export async function writePack(
  dir: string,
  manifest: Omit<UnsignedManifest, 'files'>,
  files: Record<string, Uint8Array>,
  key: { keyId: string; privateKey: KeyObject },
): Promise<PackManifest> {
  await mkdir(dir, { recursive: true });
  const listed: UnsignedManifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(join(dir, name), bytes);
    listed[name] = {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    };
  }
  const signed = signManifest({ ...manifest, files: listed }, key);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(signed, null, 2)}\n`);
  return signed;
}
