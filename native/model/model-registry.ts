/**
 * The model registry: packs verified and recorded in the database, one active, the one before it
 * kept for rollback. Import copies a pack into the app's model folder only after it verifies
 * (hash, signature against pinned keys, format, and shapes checked by loading it in the inference
 * host); activation verifies again (the files may have changed on disk since) and swaps the model
 * in the host; any refusal leaves the active model running and says why.
 */
import { cp, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DbClient } from '../../db/db-client';
import type { DiagnosticsService } from './diagnostics-service';
import type { ModelPackRecord } from '../domain';
import { compareVersions } from './pack/pack-version';
import { TOOL_PACK_TRUST, trustedKeys, type PackTrust, type TrustedKey } from './pack/trusted-keys';
import { PackRefusedError, verifyPack, type VerifiedPack } from './pack/verify-pack';

export const DEFAULT_PACK_DIR = resolve(
  import.meta.dirname,
  '../../assets/models/diagnostics-default',
);

export class ModelRegistry {
  constructor(
    private readonly db: DbClient,
    private readonly service: DiagnosticsService,
    private readonly modelsDir: string,
    private readonly actor: string,
    /** The pack shipped with the app (a test can point elsewhere). */
    private readonly bundledDir: string = DEFAULT_PACK_DIR,
    private readonly log: (line: string) => void = () => {},
    /** Asked at each verification: whether the demo runs can change after start-up. */
    private readonly trust: () => PackTrust = () => TOOL_PACK_TRUST,
  ) {}

  /** Verification with the model check done in the inference host (never on this thread). */
  verify(dir: string): Promise<VerifiedPack> {
    return verifyPack(dir, {
      checkModel: (bytes, manifest) => this.service.supervisor.check(bytes, manifest),
      trust: this.trust(),
    });
  }

  /** The keys a signed model update may be signed with here (the same rule as for packs). */
  trustedKeys(): readonly TrustedKey[] {
    return trustedKeys(this.trust());
  }

  list(): Promise<ModelPackRecord[]> {
    return this.db.call('listModelPacks');
  }

  async import(path: string): Promise<ModelPackRecord> {
    const pack = await this.verify(path);
    const dir = join(
      this.modelsDir,
      `${pack.manifest.name}-${pack.manifest.version}-${pack.digest.slice(0, 12)}`,
    );
    await mkdir(dir, { recursive: true });
    await cp(join(path, 'manifest.json'), join(dir, 'manifest.json'));
    for (const name of Object.keys(pack.manifest.files))
      await cp(join(path, name), join(dir, name));
    await this.verify(dir);
    return this.db.call('addModelPack', {
      pack: {
        name: pack.manifest.name,
        version: pack.manifest.version,
        digest: pack.digest,
        dir,
        keyId: pack.signer.keyId,
        developmentKey: pack.signer.development,
        manifest: JSON.stringify(pack.manifest),
        importedMs: Date.now(),
      },
      actor: this.actor,
    });
  }

  async activate(id: number): Promise<ModelPackRecord> {
    const record = (await this.list()).find((p) => p.id === id);
    if (!record) throw new Error(`There is no model pack with id ${id}. Import it first.`);
    const pack = await this.verify(record.dir);
    await this.service.loadModel(pack.modelBytes, pack.manifest);
    return this.db.call('activateModelPack', { id, actor: this.actor, nowMs: Date.now() });
  }

  async rollback(): Promise<ModelPackRecord> {
    const previous = (await this.list()).find((p) => p.state === 'previous');
    if (!previous) throw new Error('There is no previous model to roll back to.');
    return this.activate(previous.id);
  }

  /**
   * At start-up: the active pack, or the bundled default on first run. When the app ships a newer
   * version of the model line that is active (an app update), that version is imported and
   * activated, and the one before stays for rollback; a model of another line (a consortium
   * update, say) or a newer one already active is left alone. If the new default fails to load,
   * the active model keeps running.
   */
  async startActive(): Promise<ModelPackRecord | null> {
    const packs = await this.list();
    const active = packs.find((p) => p.state === 'active');
    if (!active) return this.activate((await this.import(this.bundledDir)).id);
    const bundled = await this.bundledIdentity();
    const isUpgrade =
      bundled !== null &&
      bundled.name === active.name &&
      compareVersions(bundled.version, active.version) > 0 &&
      !packs.some((p) => p.name === bundled.name && p.version === bundled.version);
    if (isUpgrade) {
      try {
        const upgraded = await this.activate((await this.import(this.bundledDir)).id);
        this.log(`model: updated to the bundled ${bundled.name} ${bundled.version}`);
        return upgraded;
      } catch (error) {
        this.log(
          `model: the bundled ${bundled.name} ${bundled.version} was not used: ${(error as Error).message}`,
        );
      }
    }
    try {
      return await this.activate(active.id);
    } catch (error) {
      // A pack believed when it was activated (in the demo, say) may not be believed now.
      if (!(error instanceof PackRefusedError)) throw error;
      this.log(
        `model: the active ${active.name} ${active.version} was refused (${error.message}); the bundled model runs instead`,
      );
      return this.activate((await this.import(this.bundledDir)).id);
    }
  }

  /** Name and version from the bundled manifest (verified only when it is imported). */
  private async bundledIdentity(): Promise<{ name: string; version: string } | null> {
    try {
      const manifest = JSON.parse(
        await readFile(join(this.bundledDir, 'manifest.json'), 'utf8'),
      ) as { name?: unknown; version?: unknown };
      return typeof manifest.name === 'string' && typeof manifest.version === 'string'
        ? { name: manifest.name, version: manifest.version }
        : null;
    } catch {
      return null;
    }
  }
}
