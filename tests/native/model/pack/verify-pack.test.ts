import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackManifest } from '../../../../native/model/pack/manifest';
import { checkModelWithOnnxRuntime } from '../../../../native/model/pack/onnx-session';
import { PackRefusedError, verifyPack } from '../../../../native/model/pack/verify-pack';
import { signManifest, writePack } from '../../../../native/model/pack/write-pack';
import { developmentSigningKey } from '../../../../native/model/pack/dev-signing-key';
import { useTempDir } from '../../../helpers/temp-dir';
import { testManifest, testModel, writeTestPack } from '../test-pack';

const tempDir = useTempDir();
const check = { checkModel: checkModelWithOnnxRuntime };

async function refusal(dir: string): Promise<PackRefusedError> {
  const error = await verifyPack(dir, check).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackRefusedError);
  return error as PackRefusedError;
}

function readManifest(dir: string): PackManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PackManifest;
}

describe('model pack verification', () => {
  it('accepts a pack signed with a pinned key', async () => {
    const dir = join(tempDir(), 'good');
    await writeTestPack(dir);
    const pack = await verifyPack(dir, check);
    expect(pack.signer.keyId).toBe('genba-dev-1');
    expect(pack.signer.development).toBe(true);
    expect(pack.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a model with one changed byte', async () => {
    const dir = join(tempDir(), 'byte');
    await writeTestPack(dir);
    const bytes = readFileSync(join(dir, 'model.onnx'));
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0x01;
    writeFileSync(join(dir, 'model.onnx'), bytes);
    const e = await refusal(dir);
    expect(e.code).toBe('file-tampered');
    expect(e.message).toMatch(/model\.onnx does not match its signed checksum/);
  });

  it('refuses an edited manifest (signature no longer verifies)', async () => {
    const dir = join(tempDir(), 'edited');
    await writeTestPack(dir);
    const m = readManifest(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, version: '9.9.9' }));
    const e = await refusal(dir);
    expect(e.code).toBe('bad-signature');
  });

  it('refuses a pack signed by a key that is not pinned', async () => {
    const dir = join(tempDir(), 'stranger');
    await writeTestPack(dir);
    const { privateKey } = generateKeyPairSync('ed25519');
    const m = readManifest(dir);
    const { signature: _s, ...unsigned } = m;
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(signManifest(unsigned, { keyId: 'genba-dev-1', privateKey })),
    );
    expect((await refusal(dir)).code).toBe('bad-signature');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(signManifest(unsigned, { keyId: 'mallory', privateKey })),
    );
    expect((await refusal(dir)).code).toBe('untrusted-key');
  });

  it('refuses a model whose outputs do not have the declared shapes', async () => {
    const dir = join(tempDir(), 'shapes');
    // A correctly signed pack whose model has 5 classes while the manifest declares 8.
    await writePack(dir, testManifest(), { 'model.onnx': testModel(5) }, developmentSigningKey());
    const e = await refusal(dir);
    expect(e.code).toBe('shape-mismatch');
    expect(e.message).toMatch(/probabilities.*\[2, 5\].*\[2, 8\]/);
  });

  it('refuses a pack with a listed file missing', async () => {
    const dir = join(tempDir(), 'missing');
    await writeTestPack(dir);
    rmSync(join(dir, 'model.onnx'));
    const e = await refusal(dir);
    expect(e.code).toBe('file-missing');
    expect(e.message).toMatch(/model\.onnx/);
  });

  it('refuses a manifest from the future, asking for an update', async () => {
    const dir = join(tempDir(), 'future');
    await writePack(
      dir,
      { ...testManifest(), format: 2 },
      { 'model.onnx': testModel() },
      developmentSigningKey(),
    );
    const e = await refusal(dir);
    expect(e.code).toBe('format-from-the-future');
    expect(e.message).toMatch(/Update Genba/);
  });

  it('refuses a folder that is not a pack', async () => {
    expect((await refusal(tempDir())).code).toBe('manifest-missing');
  });
});
