import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEndpoint } from '../../../native/sync/endpoint';
import {
  FolderModelPackInstaller,
  manifestSignedBytes,
  ModelUpdateClient,
  type UpdateManifest,
} from '../../../native/sync/model-update';
import {
  startReferenceIngestServer,
  type ReferenceIngestServer,
} from '../../helpers/reference-ingest-server';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-model-update-');
const NOW = Date.UTC(2026, 10, 24);
const trusted = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const pinned = [
  {
    keyId: 'consortium-test',
    publicKey: trusted.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  },
];
const MODEL = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));

function manifest(
  version: string,
  overrides: Partial<UpdateManifest> = {},
  key: KeyObject = trusted.privateKey,
): UpdateManifest {
  const unsigned = {
    format: 1 as const,
    channel: 'stable',
    name: 'diagnostics',
    version,
    issuedAt: new Date(NOW - 3_600_000).toISOString(),
    expiresAt: new Date(NOW + 7 * 86_400_000).toISOString(),
    files: [
      {
        path: 'model.onnx',
        url: `/v1/models/files/diagnostics/${version}/model.onnx`,
        size: MODEL.length,
        sha256: createHash('sha256').update(MODEL).digest('hex'),
      },
    ],
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

function setup() {
  const root = tempDir();
  const installer = new FolderModelPackInstaller(join(root, 'models'));
  // The running model: 1.0.0.
  const seed = join(root, 'seed');
  mkdirSync(seed);
  writeFileSync(join(seed, 'model.onnx'), 'v1');
  installer.activate(seed, manifest('1.0.0'));
  const client = new ModelUpdateClient({
    endpoint: parseEndpoint(server.url),
    keys: pinned,
    installer,
    stagingDir: join(root, 'staging'),
    now: () => NOW,
  });
  return { installer, client };
}

function offer(m: UpdateManifest, file?: { truncateAt?: number; body?: Buffer }) {
  server.models.manifests.set('stable', m);
  server.models.files.set(`diagnostics/${m.version}/model.onnx`, {
    body: file?.body ?? MODEL,
    ...(file?.truncateAt ? { truncateAt: file.truncateAt } : {}),
  });
}

describe('model updates', () => {
  it('verifies, downloads, stages, activates on request and rolls back', async () => {
    const { installer, client } = setup();
    offer(manifest('1.1.0'));
    const m = await client.check();
    expect(installer.active()?.version).toBe('1.0.0'); // checking changes nothing
    const staged = await client.download(m);
    expect(installer.active()?.version).toBe('1.0.0'); // staged, not active
    expect(client.activate(staged, m).version).toBe('1.1.0');
    expect(installer.rollback()?.version).toBe('1.0.0');
    expect(installer.active()?.version).toBe('1.0.0');
  });

  it.each([
    ['a tampered manifest', () => ({ ...manifest('1.2.0'), version: '9.9.9' }), 'bad-signature'],
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
      const { installer, client } = setup();
      offer(make());
      await expect(client.check()).rejects.toMatchObject({
        code,
        message: expect.stringMatching(/nothing was changed/i) as unknown,
      });
      expect(installer.active()?.version).toBe('1.0.0');
    },
  );

  it('refuses a truncated download, keeps the model, and resumes with Range next time', async () => {
    const { installer, client } = setup();
    const m = manifest('1.3.0');
    offer(m, { truncateAt: 70_000 });
    await expect(client.download(await client.check())).rejects.toMatchObject({
      code: 'download-incomplete',
      message: expect.stringMatching(/stopped at \d+ of 200000 bytes/) as unknown,
    });
    expect(installer.active()?.version).toBe('1.0.0');
    offer(m); // the link is fine again
    const staged = await client.download(m);
    expect(server.models.rangeRequests).toBe(1);
    expect(client.activate(staged, m).version).toBe('1.3.0');
  });

  it('refuses a file whose bytes do not match the signed sha256', async () => {
    const { installer, client } = setup();
    const m = manifest('1.4.0');
    const evil = Buffer.from(MODEL);
    evil[1000] = evil[1000]! ^ 0xff;
    offer(m, { body: evil });
    await expect(client.download(m)).rejects.toMatchObject({ code: 'hash-mismatch' });
    expect(installer.active()?.version).toBe('1.0.0');
  });
});
