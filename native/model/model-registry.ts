/**
 * The model registry: packs verified and recorded in the database, one active, the one before it
 * kept for rollback. Import copies a pack into the app's model folder only after it verifies
 * (hash, signature against pinned keys, format, and shapes checked by loading it in the inference
 * host); activation verifies again (the files may have changed on disk since) and swaps the model
 * in the host; any refusal leaves the active model running and says why.
 */
import { cp, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DbClient } from '../../db/db-client';
import type { DiagnosticsService } from './diagnostics-service';
import type { ModelPackRecord } from './model-records';
import { verifyPack, type VerifiedPack } from './pack/verify-pack';

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
  ) {}

  /** Verification with the model check done in the inference host (never on this thread). */
  verify(dir: string): Promise<VerifiedPack> {
    return verifyPack(dir, {
      checkModel: (bytes, manifest) => this.service.supervisor.check(bytes, manifest),
    });
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

  /** At start-up: the active pack, or the bundled default on first run. */
  async startActive(): Promise<ModelPackRecord | null> {
    let active = (await this.list()).find((p) => p.state === 'active');
    if (!active) {
      const imported = await this.import(DEFAULT_PACK_DIR);
      active = await this.activate(imported.id);
      return active;
    }
    return this.activate(active.id);
  }
}
