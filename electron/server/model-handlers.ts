/**
 * API handlers for the diagnostics model (`models.*` and `alerts.*`, contract/models.ts): thin
 * adapters over the diagnostics runtime the composition root started (diagnostics-runtime.ts).
 */
import type { DbClient } from '../../db/db-client';
import type { ModelPackRecord } from '../../native/domain';
import type { DiagnosticsService } from '../../native/model/diagnostics-service';
import type { ModelRegistry } from '../../native/model/model-registry';
import type { PackManifest } from '../../native/model/pack/manifest';
import { BUNDLED_PACK_DIGESTS } from '../../native/model/pack/trusted-keys';
import type { ModelPackSummary, RequestChannel } from '../shared/contract';
import { toAlertDto } from './alert-dto';
import type { ApiHandlers } from './api-dispatcher';

type ModelChannel = Extract<RequestChannel, `models.${string}` | `alerts.${string}`>;

function toPackDto(p: ModelPackRecord): ModelPackSummary {
  const manifest = JSON.parse(p.manifest) as PackManifest;
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    state: p.state,
    heads: manifest.heads.map((h) => h.name),
    signedBy: p.keyId,
    developmentKey: p.developmentKey,
    bundled: BUNDLED_PACK_DIGESTS.includes(p.digest),
    importedMs: p.importedMs,
    activatedMs: p.activatedMs,
    evaluation: manifest.evaluation ?? null,
  };
}

export function createModelHandlers(deps: {
  db: DbClient;
  diagnostics: DiagnosticsService;
  registry: ModelRegistry;
}): Pick<ApiHandlers, ModelChannel> {
  const { db, diagnostics, registry } = deps;
  return {
    'models.list': async () => (await registry.list()).map(toPackDto),
    'models.activate': async ({ id }) => toPackDto(await registry.activate(id)),
    'models.rollback': async () => toPackDto(await registry.rollback()),
    'models.import': async ({ path }) => toPackDto(await registry.import(path)),
    'alerts.list': async ({ states }) =>
      (await db.call('listAlerts', { ...(states ? { states } : {}), limit: 200 })).map(toAlertDto),
    'alerts.acknowledge': async ({ id }, context) => {
      const alert = diagnostics.acknowledge(id, context.actor);
      if (alert) return toAlertDto(alert);
      const stored = (await db.call('listAlerts', { limit: 1000 })).find((a) => a.id === id);
      if (!stored) throw new Error(`There is no alert ${id}.`);
      if (stored.state !== 'raised') return toAlertDto(stored);
      const updated = {
        ...stored,
        state: 'acknowledged' as const,
        acknowledgedMs: Date.now(),
        acknowledgedBy: context.actor,
      };
      await db.call('saveAlert', updated);
      return toAlertDto(updated);
    },
  };
}
