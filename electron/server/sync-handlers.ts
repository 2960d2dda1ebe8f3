/**
 * API handlers for donation sync (`sync.*`, contract/sync.ts): thin adapters over the running
 * `SyncService` (native/sync/sync-service.ts), which the composition root starts and stops.
 * Model updates arrive over the same endpoint and are installed through the diagnostics model
 * registry (its pack verifier; see native/sync/model-update.ts): a check downloads and stages an
 * offered pack, an admin activates it, rollback returns to the previous.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DbClient } from '../../db/db-client';
import type { ModelRegistry } from '../../native/model/model-registry';
import {
  ModelUpdateClient,
  ModelUpdateRefused,
  RegistryModelPackInstaller,
  type InstalledPack,
} from '../../native/sync/model-update';
import type { SyncService } from '../../native/sync/sync-service';
import type { RequestChannel, SyncModelUpdate, SyncPreview } from '../shared/contract';
import type { ApiHandlers } from './api-dispatcher';

type SyncChannel = Extract<RequestChannel, `sync.${string}`>;

export function createSyncHandlers(deps: {
  db: DbClient;
  sync: SyncService;
  /** The diagnostics model registry once its model has started; null when there is none. */
  models: () => Promise<ModelRegistry | null>;
}): Pick<ApiHandlers, SyncChannel> {
  const { db, sync: service } = deps;
  const stagingDir = join(dirname(db.info.path), 'model-updates');
  const registry = deps.models;

  /** A model update client over the current endpoint, or why there is none. */
  const modelClient = async (): Promise<ModelUpdateClient | SyncModelUpdate> => {
    const models = await registry();
    const endpoint = service.endpointUrl;
    if (!models || !endpoint) {
      return {
        outcome: 'refused',
        active: null,
        staged: null,
        offered: null,
        refusal: !endpoint
          ? {
              code: 'not-configured',
              message:
                'No upstream endpoint is set. Set it under Sync settings first; the active model stays.',
            }
          : {
              code: 'models-unavailable',
              message: 'The diagnostics model is not running, so no update can be installed.',
            },
      };
    }
    mkdirSync(stagingDir, { recursive: true });
    return new ModelUpdateClient({
      endpoint,
      keys: models.trustedKeys().map(({ keyId, publicKey }) => ({ keyId, publicKey })),
      installer: new RegistryModelPackInstaller(models),
      stagingDir,
    });
  };

  const activePack = async (): Promise<InstalledPack | null> => {
    const models = await registry();
    const active = (await models?.list())?.find((p) => p.state === 'active');
    return active
      ? { id: active.id, name: active.name, version: active.version, state: active.state }
      : null;
  };

  /** A refused model action as a result with its reason (the active model is untouched). */
  const refused = async (error: unknown): Promise<SyncModelUpdate> => {
    const code = error instanceof ModelUpdateRefused ? error.code : 'refused';
    return {
      outcome: code === 'not-newer' || code === 'none-offered' ? 'up-to-date' : 'refused',
      active: await activePack().catch(() => null),
      staged: null,
      offered: null,
      refusal: { code, message: (error as Error).message },
    };
  };

  const status = () => service.status();

  return {
    'sync.status': status,
    'sync.setConsent': async ({ categories, enabled }, context) => {
      const { dropped } = await db.call('syncSetConsent', {
        categories,
        enabled,
        actor: context.actor,
        nowMs: Date.now(),
      });
      service.nudge({ sweep: enabled });
      return { status: await status(), dropped };
    },
    'sync.preview': async (): Promise<SyncPreview> => {
      const batch = await db.call('syncPreview');
      if (!batch) return { batchId: null, records: 0, bytes: 0, categories: {}, lines: [] };
      return {
        batchId: batch.id,
        records: batch.records,
        bytes: Buffer.byteLength(batch.text),
        categories: batch.categories,
        lines: batch.text.split('\n').filter((line) => line.length > 0),
      };
    },
    'sync.dataDictionary': () => db.call('syncDataDictionary'),
    'sync.pause': async (_args, context) => {
      await service.setPaused(true, context.actor);
      return status();
    },
    'sync.resume': async (_args, context) => {
      await service.setPaused(false, context.actor);
      return status();
    },
    'sync.setBandwidth': async ({ bytesPerSecond }, context) => {
      await service.setBandwidth(bytesPerSecond, context.actor);
      return status();
    },
    'sync.history': ({ limit, beforeMs }) =>
      db.call('syncHistory', { limit: limit ?? 100, ...(beforeMs ? { beforeMs } : {}) }),
    'sync.setEndpoint': async ({ url, token }, context) => {
      await service.setEndpoint(url, token ?? null, context.actor);
      return status();
    },
    'sync.checkModelUpdate': async () => {
      const client = await modelClient();
      if (!(client instanceof ModelUpdateClient)) return client;
      try {
        const { manifest, pack } = await client.fetchAndStage();
        return {
          outcome: 'staged',
          active: await activePack(),
          staged: pack,
          offered: {
            name: manifest.name,
            version: manifest.version,
            expiresAt: manifest.expiresAt,
          },
          refusal: null,
        };
      } catch (error) {
        return refused(error);
      }
    },
    'sync.activateModelUpdate': async ({ id }) => {
      const client = await modelClient();
      if (!(client instanceof ModelUpdateClient)) return client;
      try {
        const active = await client.activate(id);
        return { outcome: 'activated', active, staged: null, offered: null, refusal: null };
      } catch (error) {
        return refused(error);
      }
    },
    'sync.rollbackModelUpdate': async () => {
      const models = await registry();
      if (!models) return refused(new Error('The diagnostics model is not running.'));
      try {
        const pack = await new RegistryModelPackInstaller(models).rollback();
        return { outcome: 'rolled-back', active: pack, staged: null, offered: null, refusal: null };
      } catch (error) {
        return refused(error);
      }
    },
  };
}
