import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackManifest } from '../../../../native/model/pack/manifest';
import { checkModelWithOnnxRuntime } from '../../../../native/model/pack/onnx-session';
import { PackRefusedError, verifyPack } from '../../../../native/model/pack/verify-pack';
import { signManifest, writePack } from '../../../../native/model/pack/write-pack';
import { developmentSigningKey } from '../../../../native/model/pack/dev-signing-key';
import { DEFAULT_PACK_DIR } from '../../../../native/model/model-registry';
import { MAX_MANIFEST_BYTES } from '../../../../native/model/pack/pack-file';
import { BUNDLED_PACK_DIGESTS, servicePackTrust } from '../../../../native/model/pack/trusted-keys';
import { TEACHING_PACK_DIR } from '../../../../native/teach/teaching-pack';
import { useTempDir } from '../../../helpers/temp-dir';
import { testManifest, testModel, writeTestPack } from '../test-pack';

const tempDir = useTempDir();
const check = { checkModel: checkModelWithOnnxRuntime };

async function refusal(dir: string, options = check): Promise<PackRefusedError> {
  const error = await verifyPack(dir, options).then(
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

  it('refuses a model.onnx that links to /dev/zero, and a fifo, without reading them', async () => {
    const dir = join(tempDir(), 'device');
    await writeTestPack(dir);
    rmSync(join(dir, 'model.onnx'));
    symlinkSync('/dev/zero', join(dir, 'model.onnx'));
    const device = await refusal(dir);
    expect(device.code).toBe('file-tampered');
    expect(device.message).toBe(
      'model.onnx is not a regular file (a link to a device, a pipe or a folder); it was not read.',
    );
    rmSync(join(dir, 'model.onnx'));
    execFileSync('mkfifo', [join(dir, 'model.onnx')]);
    expect((await refusal(dir)).message).toMatch(/^model\.onnx is not a regular file/);
  });

  it('refuses a model larger than its signed size before reading it', async () => {
    const dir = join(tempDir(), 'grown');
    await writeTestPack(dir);
    const signed = readManifest(dir).files['model.onnx']!.bytes;
    writeFileSync(join(dir, 'model.onnx'), Buffer.alloc(signed + 4096));
    const e = await refusal(dir);
    expect(e.code).toBe('file-tampered');
    expect(e.message).toBe(
      `model.onnx is ${signed + 4096} bytes, not the ${signed} it was signed with: the file was changed or damaged, and it was not read.`,
    );
  });

  it('refuses a manifest over its size cap, and one listing a file over the cap', async () => {
    const dir = join(tempDir(), 'huge');
    await writeTestPack(dir);
    writeFileSync(join(dir, 'manifest.json'), ' '.repeat(MAX_MANIFEST_BYTES + 1));
    expect((await refusal(dir)).message).toMatch(/^manifest\.json is 1048577 bytes; a manifest/);
    await writePack(dir, testManifest(), { 'model.onnx': testModel() }, developmentSigningKey());
    const m = readManifest(dir);
    const { signature: _s, ...unsigned } = m;
    unsigned.files['model.onnx']!.bytes = 2 ** 40;
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(signManifest(unsigned, developmentSigningKey())),
    );
    expect((await refusal(dir)).message).toMatch(/lists model\.onnx at 1099511627776 bytes/);
  });
});

describe('who is believed', () => {
  const production = { ...check, trust: { developmentKey: false } };

  it('refuses a re-signed development pack where the development key is not trusted', async () => {
    // The attack: the bundled model, "blinded" and re-signed with the published key.
    const dir = join(tempDir(), 'blinded');
    cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
    const { signature: _s, ...unsigned } = readManifest(dir);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(signManifest({ ...unsigned, version: '9.9.9' }, developmentSigningKey())),
    );
    expect((await verifyPack(dir, check)).manifest.version).toBe('9.9.9');
    const e = await refusal(dir, production);
    expect(e.code).toBe('untrusted-key');
    expect(e.message).toMatch(/public development key "genba-dev-1".*only development builds/);
  });

  it('believes the packs that ship with the app everywhere, pinned by their digests', async () => {
    const digests = [];
    for (const dir of [DEFAULT_PACK_DIR, TEACHING_PACK_DIR])
      digests.push((await verifyPack(dir, production)).digest);
    // A retrained bundled pack must be pinned again in trusted-keys.ts.
    expect(digests).toEqual(BUNDLED_PACK_DIGESTS);
  });

  it('lets the services believe the development key only in the demo or when asked', () => {
    expect(servicePackTrust(false, {}).developmentKey).toBe(false);
    expect(servicePackTrust(false, { GENBA_TRUST_DEVELOPMENT_KEY: 'yes' }).developmentKey).toBe(
      false,
    );
    expect(servicePackTrust(false, { GENBA_TRUST_DEVELOPMENT_KEY: '1' }).developmentKey).toBe(true);
    expect(servicePackTrust(true, {}).developmentKey).toBe(true);
  });
});
