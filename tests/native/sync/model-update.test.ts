import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelPackRecord } from '../../../native/domain';
import { verifyPack } from '../../../native/model/pack/verify-pack';
import { parseEndpoint } from '../../../native/sync/endpoint';
import {
  manifestSignedBytes,
  ModelUpdateClient,
  RegistryModelPackInstaller,
  type PackRegistry,
  type UpdateManifest,
} from '../../../native/sync/model-update';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';
import { writeTestPack } from '../model/test-pack';

const tempDir = useTempDir('genba-model-update-');
const NOW = Date.UTC(2026, 10, 24);
const NAME = 'test-diagnostics';
const trusted = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const pinned = [
  {
    keyId: 'consortium-test',
    publicKey: trusted.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  },
];

/**
 * The model registry's behaviour in memory, around the real pack verifier (Ed25519 signature of
 * the pack's own manifest against the pinned keys, every file's sha256); the model load check
 * of the inference host is left out here.
 */
function memoryRegistry(): PackRegistry & { packs: ModelPackRecord[] } {
  const packs: ModelPackRecord[] = [];
  const verify = (dir: string) => verifyPack(dir, { checkModel: async () => {} });
  const registry = {
    packs,
    list: () => Promise.resolve(packs.map((p) => ({ ...p }))),
    async import(path: string) {
      const pack = await verify(path);
      const record: ModelPackRecord = {
        id: packs.length + 1,
        name: pack.manifest.name,
        version: pack.manifest.version,
        digest: pack.digest,
        dir: path,
        keyId: pack.signer.keyId,
        developmentKey: pack.signer.development,
        manifest: JSON.stringify(pack.manifest),
        importedMs: NOW,
        activatedMs: null,
        state: 'available',
      };
      packs.push(record);
      return { ...record };
    },
    async activate(id: number) {
      const record = packs.find((p) => p.id === id);
      if (!record) throw new Error(`no pack ${id}`);
      await verify(record.dir);
      for (const p of packs) if (p.state === 'previous') p.state = 'available';
      for (const p of packs) if (p.state === 'active') p.state = 'previous';
      record.state = 'active';
      record.activatedMs = NOW;
      return { ...record };
    },
    async rollback() {
      const previous = packs.find((p) => p.state === 'previous');
      if (!previous) throw new Error('There is no previous model to roll back to.');
      return registry.activate(previous.id);
    },
  };
  return registry;
}

/** A real signed pack per version, its files as bytes. */
const packFiles = new Map<string, Record<string, Buffer>>();
async function packOf(version: string): Promise<Record<string, Buffer>> {
  let files = packFiles.get(version);
  if (!files) {
    const dir = join(tempDir(), `pack-${version}`);
    await writeTestPack(dir, { version });
    files = {
      'manifest.json': readFileSync(join(dir, 'manifest.json')),
      'model.onnx': readFileSync(join(dir, 'model.onnx')),
    };
    packFiles.set(version, files);
  }
  return files;
}

async function manifest(
  version: string,
  overrides: Partial<UpdateManifest> = {},
  key: KeyObject = trusted.privateKey,
): Promise<UpdateManifest> {
  const files = await packOf(version);
  const unsigned = {
    format: 1 as const,
    channel: 'stable',
    name: NAME,
    version,
    issuedAt: new Date(NOW - 3_600_000).toISOString(),
    expiresAt: new Date(NOW + 7 * 86_400_000).toISOString(),
    files: Object.entries(files).map(([path, body]) => ({
      path,
      url: `/v1/models/files/${NAME}/${version}/${path}`,
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    })),
    keyId: 'consortium-test',
    ...overrides,
  };
  return {
    ...unsigned,
    signature: sign(null, manifestSignedBytes(unsigned), key).toString('base64'),
  };
}

let server: ReferenceIngestServer;
beforeEach(async () => {
  server = await startReferenceIngestServer();
});
afterEach(async () => server.close());

async function setup() {
  const root = tempDir();
  const registry = memoryRegistry();
  const installer = new RegistryModelPackInstaller(registry);
  // The running model: 1.0.0, from the registry.
  const seed = join(root, 'seed');
  await writeTestPack(seed, { version: '1.0.0' });
  await registry.activate((await registry.import(seed)).id);
  const client = new ModelUpdateClient({
    endpoint: parseEndpoint(server.url),
    keys: pinned,
    installer,
    stagingDir: join(root, 'staging'),
    now: () => NOW,
  });
  const activeVersion = async () => (await installer.active())?.version;
  return { registry, installer, client, activeVersion };
}

async function offer(
  m: UpdateManifest,
  file?: { truncateAt?: number; model?: Buffer; manifestJson?: Buffer },
) {
  const files = await packOf(m.version);
  server.models.manifests.set('stable', m);
  server.models.files.set(`${NAME}/${m.version}/manifest.json`, {
    body: file?.manifestJson ?? files['manifest.json']!,
  });
  server.models.files.set(`${NAME}/${m.version}/model.onnx`, {
    body: file?.model ?? files['model.onnx']!,
    ...(file?.truncateAt ? { truncateAt: file.truncateAt } : {}),
  });
}

describe('model updates through the model registry', () => {
  it('verifies, downloads, installs as staged, activates on request and rolls back', async () => {
    const { client, activeVersion, registry } = await setup();
    await offer(await manifest('1.1.0'));
    const m = await client.check();
    expect(await activeVersion()).toBe('1.0.0'); // checking changes nothing
    const { pack } = await client.fetchAndStage();
    expect(pack).toMatchObject({ name: NAME, version: '1.1.0', state: 'available' });
    expect(m.version).toBe('1.1.0');
    expect(await activeVersion()).toBe('1.0.0'); // staged, not active
    expect((await client.activate(pack.id)).version).toBe('1.1.0');
    expect(await activeVersion()).toBe('1.1.0');
    expect((await client.rollback()).version).toBe('1.0.0');
    expect(await activeVersion()).toBe('1.0.0');
    expect(registry.packs.map((p) => `${p.version}:${p.state}`)).toEqual([
      '1.0.0:active',
      '1.1.0:previous',
    ]);
  });

  it.each([
    [
      'a tampered manifest',
      async () => ({ ...(await manifest('1.2.0')), version: '9.9.9' }),
      'bad-signature',
    ],
    [
      'a manifest signed with another key',
      () => manifest('1.2.0', {}, stranger.privateKey),
      'bad-signature',
    ],
    [
      'a manifest naming a key the app does not pin',
      () => manifest('1.2.0', { keyId: 'someone-else' }, stranger.privateKey),
      'unknown-key',
    ],
    ['an older version', () => manifest('0.9.0'), 'not-newer'],
    ['the same version', () => manifest('1.0.0'), 'not-newer'],
    [
      'an expired manifest',
      () => manifest('1.2.0', { expiresAt: new Date(NOW - 1).toISOString() }),
      'expired',
    ],
  ] as const)(
    'refuses %s with a clear reason, active model unchanged',
    async (_what, make, code) => {
      const { client, activeVersion } = await setup();
      const m = await make();
      server.models.manifests.set('stable', m);
      await expect(client.check()).rejects.toMatchObject({
        code,
        message: expect.stringMatching(/nothing was changed/i) as unknown,
      });
      expect(await activeVersion()).toBe('1.0.0');
    },
  );

  it('refuses a truncated download, keeps the model, and resumes with Range next time', async () => {
    const { client, activeVersion } = await setup();
    const m = await manifest('1.3.0');
    const size = m.files.find((f) => f.path === 'model.onnx')!.size;
    await offer(m, { truncateAt: Math.floor(size / 3) });
    await expect(client.download(await client.check())).rejects.toMatchObject({
      code: 'download-incomplete',
      message: expect.stringMatching(new RegExp(`stopped at \\d+ of ${size} bytes`)) as unknown,
    });
    expect(await activeVersion()).toBe('1.0.0');
    await offer(m); // the link is fine again
    const staged = await client.download(m);
    expect(server.models.rangeRequests).toBe(1);
    const pack = await client.install(staged, m);
    expect((await client.activate(pack.id)).version).toBe('1.3.0');
  });

  it('refuses a file whose bytes do not match the signed sha256', async () => {
    const { client, activeVersion } = await setup();
    const m = await manifest('1.4.0');
    const evil = Buffer.from((await packOf('1.4.0'))['model.onnx']!);
    evil[100] = evil[100]! ^ 0xff;
    await offer(m, { model: evil });
    await expect(client.download(m)).rejects.toMatchObject({ code: 'hash-mismatch' });
    expect(await activeVersion()).toBe('1.0.0');
  });

  it('refuses a pack whose own signature does not verify, even when the update manifest lists it', async () => {
    const { client, activeVersion, registry } = await setup();
    const real = await packOf('1.5.0');
    // The update server signs a manifest for a pack whose manifest.json was altered after the
    // pack was signed: the registry's verifier refuses it at install.
    const altered = JSON.parse(real['manifest.json']!.toString('utf8')) as { description: object };
    altered.description = { en: 'altered', ja: '改ざん' };
    const manifestJson = Buffer.from(JSON.stringify(altered));
    packFiles.set('1.5.0', { ...real, 'manifest.json': manifestJson });
    const m = await manifest('1.5.0');
    await offer(m, { manifestJson });
    await expect(client.fetchAndStage()).rejects.toMatchObject({
      code: 'pack-refused',
      message: expect.stringMatching(/signature.*Nothing was changed/is) as unknown,
    });
    expect(await activeVersion()).toBe('1.0.0');
    expect(registry.packs).toHaveLength(1);
  });
});
