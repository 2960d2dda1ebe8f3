/**
 * Signed model updates over the upstream channel:
 * GET /v1/models/latest?channel= → manifest signed with Ed25519 by a pinned key → version must
 * be newer than the active pack, expiry enforced → resumable download (Range) into a staging
 * folder → size and sha256 of every file → staged → an admin activates it → rollback.
 * Any failed check throws ModelUpdateRefused with a reason and leaves the running model alone.
 *
 * Installing goes through `ModelPackInstaller`; in the app that is the model registry
 * (`RegistryModelPackInstaller` over native/model/model-registry.ts): install = the registry's
 * pack verifier (the pack's own Ed25519 signature against the pinned keys, every file's sha256,
 * the model loaded and shape-checked in the inference host) + registered as available (staged);
 * an admin activates it; rollback returns to the previous pack. Signed JSON uses the pack
 * format's canonical form (native/model/pack/manifest.ts).
 */
import { compareVersions } from '../model/pack/pack-version';
import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, normalize } from 'node:path';
import { z } from 'zod';
import type { ModelPackRecord, ModelPackState } from '../domain';
import { canonicalJson } from '../model/pack/manifest';
import { PackRefusedError } from '../model/pack/verify-pack';
import { endpointUrl } from './endpoint';
import { httpGet } from './http-client';

export interface PinnedKey {
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
}

export const UpdateManifest = z
  .object({
    format: z.literal(1),
    channel: z.string().max(40),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    issuedAt: z.string(),
    expiresAt: z.string(),
    files: z
      .array(
        z.object({
          path: z.string().regex(/^[A-Za-z0-9._-]+$/),
          url: z.string().startsWith('/'),
          size: z.number().int().min(0),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      )
      .min(1)
      .max(20),
    keyId: z.string(),
    signature: z.string(),
  })
  .strict();
export type UpdateManifest = z.infer<typeof UpdateManifest>;

export type RefusalCode =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'not-newer'
  | 'expired'
  | 'download-incomplete'
  | 'hash-mismatch'
  | 'pack-refused'
  | 'none-offered'
  | 'unreachable';

export class ModelUpdateRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelUpdateRefused';
  }
}

export { canonicalJson };

export function manifestSignedBytes(
  manifest: Omit<UpdateManifest, 'signature'> & { signature?: string },
): Buffer {
  const { signature: _signature, ...unsigned } = manifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

export interface InstalledPack {
  /** The registry's id. */
  id: number;
  name: string;
  version: string;
  state: ModelPackState;
}

export interface ModelPackInstaller {
  active(): Promise<InstalledPack | null>;
  /** Verify a downloaded pack and register it, not active (staged). Throws why it is refused. */
  install(stagedDir: string): Promise<InstalledPack>;
  /** Make a staged pack the active one (the previous one is kept for rollback). */
  activate(id: number): Promise<InstalledPack>;
  rollback(): Promise<InstalledPack>;
}

/** What the installer needs of the model registry (native/model/model-registry.ts). */
export interface PackRegistry {
  list(): Promise<ModelPackRecord[]>;
  import(path: string): Promise<ModelPackRecord>;
  activate(id: number): Promise<ModelPackRecord>;
  rollback(): Promise<ModelPackRecord>;
}

const installed = (p: ModelPackRecord): InstalledPack => ({
  id: p.id,
  name: p.name,
  version: p.version,
  state: p.state,
});

/** A registry call whose pack fails verification is refused as `pack-refused`, with `message`. */
async function verified(
  call: () => Promise<ModelPackRecord>,
  message: (reason: string) => string,
): Promise<InstalledPack> {
  try {
    return installed(await call());
  } catch (error) {
    if (error instanceof PackRefusedError)
      throw new ModelUpdateRefused('pack-refused', message(error.message));
    throw error;
  }
}

/** Model updates installed through the model registry and its pack verifier. */
export class RegistryModelPackInstaller implements ModelPackInstaller {
  constructor(private readonly registry: PackRegistry) {}

  async active(): Promise<InstalledPack | null> {
    const active = (await this.registry.list()).find((p) => p.state === 'active');
    return active ? installed(active) : null;
  }

  install(stagedDir: string): Promise<InstalledPack> {
    return verified(
      () => this.registry.import(stagedDir),
      (reason) => `The downloaded model pack failed verification: ${reason} Nothing was changed.`,
    );
  }

  activate(id: number): Promise<InstalledPack> {
    return verified(
      () => this.registry.activate(id),
      (reason) =>
        `The staged model pack no longer verifies: ${reason} The active model keeps running.`,
    );
  }

  async rollback(): Promise<InstalledPack> {
    return installed(await this.registry.rollback());
  }
}

/** Verifies a manifest against the pinned keys, the active version and the clock. */
export function verifyManifest(
  raw: unknown,
  {
    keys,
    active,
    nowMs,
  }: { keys: readonly PinnedKey[]; active: InstalledPack | null; nowMs: number },
): UpdateManifest {
  const parsed = UpdateManifest.safeParse(raw);
  if (!parsed.success) {
    throw new ModelUpdateRefused(
      'malformed',
      `The model update manifest is malformed (${parsed.error.issues[0]?.message ?? 'invalid'}); nothing was changed.`,
    );
  }
  const manifest = parsed.data;
  const key = keys.find((k) => k.keyId === manifest.keyId);
  if (!key) {
    throw new ModelUpdateRefused(
      'unknown-key',
      `The model update is signed with key "${manifest.keyId}", which this app does not trust; nothing was changed.`,
    );
  }
  const ok = verify(
    null,
    manifestSignedBytes(manifest),
    createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' }),
    Buffer.from(manifest.signature, 'base64'),
  );
  if (!ok) {
    throw new ModelUpdateRefused(
      'bad-signature',
      'The model update manifest does not match its signature (altered in transit or signed with another key); nothing was changed.',
    );
  }
  const expires = Date.parse(manifest.expiresAt);
  if (!Number.isFinite(expires) || expires <= nowMs) {
    throw new ModelUpdateRefused(
      'expired',
      `The model update manifest expired at ${manifest.expiresAt}; the server must publish a fresh one. Nothing was changed.`,
    );
  }
  if (
    active &&
    active.name === manifest.name &&
    compareVersions(manifest.version, active.version) <= 0
  ) {
    throw new ModelUpdateRefused(
      'not-newer',
      `The offered model ${manifest.version} is not newer than the active ${active.version}; nothing was changed.`,
    );
  }
  return manifest;
}

export interface ModelUpdateClientOptions {
  endpoint: URL;
  keys: readonly PinnedKey[];
  installer: ModelPackInstaller;
  stagingDir: string;
  now?: () => number;
}

export class ModelUpdateClient {
  constructor(private readonly options: ModelUpdateClientOptions) {}

  /** The newest verified manifest on a channel, or throws why it is refused. */
  async check(channel = 'stable'): Promise<UpdateManifest> {
    const url = endpointUrl(this.options.endpoint, '/v1/models/latest');
    url.searchParams.set('channel', channel);
    let raw: unknown;
    try {
      const reply = await httpGet(url, { limit: 1 << 20 });
      if (reply.status === 404) {
        throw new ModelUpdateRefused(
          'none-offered',
          `No model update is offered on the "${channel}" channel; the active model stays.`,
        );
      }
      if (reply.status !== 200) throw new Error(`HTTP ${reply.status}`);
      raw = JSON.parse(reply.body.toString('utf8'));
    } catch (error) {
      if (error instanceof ModelUpdateRefused) throw error;
      throw new ModelUpdateRefused(
        'unreachable',
        `Could not fetch the model update manifest: ${(error as Error).message}. Nothing was changed.`,
      );
    }
    return verifyManifest(raw, {
      keys: this.options.keys,
      active: await this.options.installer.active(),
      nowMs: (this.options.now ?? Date.now)(),
    });
  }

  /** Downloads (resuming partial files with Range) and verifies every file; returns the staged folder. */
  async download(manifest: UpdateManifest): Promise<string> {
    const dir = join(this.options.stagingDir, `${manifest.name}-${manifest.version}`);
    mkdirSync(dir, { recursive: true });
    for (const file of manifest.files) {
      const target = normalize(join(dir, file.path));
      if (existsSync(target) && sha256File(target) === file.sha256) continue;
      const part = `${target}.part`;
      const have = existsSync(part) ? statSync(part).size : 0;
      if (have > file.size) rmSync(part);
      const offset = existsSync(part) ? have : 0;
      if (offset < file.size) {
        const reply = await httpGet(endpointUrl(this.options.endpoint, file.url), {
          headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
          limit: file.size + 1,
        }).catch((error: Error) => {
          throw new ModelUpdateRefused(
            'download-incomplete',
            `Downloading ${file.path} failed: ${error.message}. It resumes from where it stopped next time.`,
          );
        });
        if (reply.status === 206 && offset > 0) appendFileSync(part, reply.body);
        else if (reply.status === 200) writeFileSync(part, reply.body);
        else
          throw new ModelUpdateRefused(
            'download-incomplete',
            `Downloading ${file.path} failed: HTTP ${reply.status}. Nothing was changed.`,
          );
      }
      const size = statSync(part).size;
      if (size < file.size) {
        throw new ModelUpdateRefused(
          'download-incomplete',
          `The download of ${file.path} stopped at ${size} of ${file.size} bytes; the running model is unchanged and the download resumes next time.`,
        );
      }
      if (size !== file.size || sha256File(part) !== file.sha256) {
        rmSync(part);
        throw new ModelUpdateRefused(
          'hash-mismatch',
          `${file.path} does not match the signed manifest (size or sha256); it was discarded and the running model is unchanged.`,
        );
      }
      renameSync(part, target);
    }
    writeFileSync(join(dir, 'update-manifest.json'), JSON.stringify(manifest, null, 2));
    return dir;
  }

  /**
   * Re-checks the staged files against the signed update manifest, then installs the pack
   * through the installer (its own verification) as staged: available, not active.
   */
  async install(stagedDir: string, manifest: UpdateManifest): Promise<InstalledPack> {
    verifyManifest(manifest, {
      keys: this.options.keys,
      active: await this.options.installer.active(),
      nowMs: (this.options.now ?? Date.now)(),
    });
    for (const file of manifest.files) {
      const path = join(stagedDir, file.path);
      if (!existsSync(path) || sha256File(path) !== file.sha256) {
        throw new ModelUpdateRefused(
          'hash-mismatch',
          `The staged ${file.path} changed since it was verified; download the update again. Nothing was changed.`,
        );
      }
    }
    const pack = await this.options.installer.install(stagedDir);
    if (pack.name !== manifest.name || pack.version !== manifest.version) {
      throw new ModelUpdateRefused(
        'malformed',
        `The downloaded pack is ${pack.name} ${pack.version}, but the update offered ${manifest.name} ${manifest.version}; it stays inactive. Nothing was changed.`,
      );
    }
    return pack;
  }

  /** check → download → install (staged). Activation is a separate, admin action. */
  async fetchAndStage(
    channel = 'stable',
  ): Promise<{ manifest: UpdateManifest; pack: InstalledPack }> {
    const manifest = await this.check(channel);
    const staged = await this.download(manifest);
    return { manifest, pack: await this.install(staged, manifest) };
  }

  /** An admin's action: the staged pack becomes the active one. */
  activate(id: number): Promise<InstalledPack> {
    return this.options.installer.activate(id);
  }

  rollback(): Promise<InstalledPack> {
    return this.options.installer.rollback();
  }
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
