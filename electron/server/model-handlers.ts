/**
 * API handlers for the diagnostics model (`models.*` and `alerts.*`, contract/models.ts)
 * and the live diagnostics runtime behind them: the inference host (its own process), the model
 * registry and the alert store. Alert changes are persisted, logged as events and pushed as
 * `alerts.changed`. The runtime starts in the background; robot sessions feed it through
 * `diagnosticsFor(db).service.ingest(batch)`, wired by the composition root.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DbClient } from '../../db/db-client';
import type { Alert } from '../../native/model/alerts';
import { DiagnosticsService } from '../../native/model/diagnostics-service';
import { hostLauncher } from '../../native/model/host/inference-supervisor';
import type { ChildLauncher } from '../../native/process/child-channel';
import type { AlertRecord, ModelPackRecord, FaultClass } from '../../native/domain';
import { DEFAULT_PACK_DIR, ModelRegistry } from '../../native/model/model-registry';
import type { PackManifest } from '../../native/model/pack/manifest';
import { FAULT_ADVICE } from '../../native/model/taxonomy';
import type { DiagnosticAlert, ModelPackSummary, RequestChannel } from '../shared/contract';
import type { ApiHandlers } from './api-dispatcher';
import type { EventHub } from './event-hub';

type ModelChannel = Extract<RequestChannel, `models.${string}` | `alerts.${string}`>;

export interface ModelRuntime {
  service: DiagnosticsService;
  registry: ModelRegistry;
  ready: Promise<void>;
}

const runtimes = new WeakMap<DbClient, ModelRuntime>();

/** The diagnostics runtime of an app instance (for feeding it telemetry and for shutdown). */
export function diagnosticsFor(db: DbClient): ModelRuntime | undefined {
  return runtimes.get(db);
}

export function toAlertDto(a: AlertRecord | Alert): DiagnosticAlert {
  const advice = FAULT_ADVICE[a.fault as FaultClass];
  const evidence =
    'robotId' in a ? (JSON.parse(a.evidence) as DiagnosticAlert['evidence']) : a.evidence;
  return {
    id: a.id,
    robotId: 'robotId' in a ? a.robotId : a.robot,
    joint: a.joint,
    fault: a.fault,
    state: a.state,
    raisedMs: a.raisedMs,
    acknowledgedMs: a.acknowledgedMs,
    acknowledgedBy: a.acknowledgedBy,
    resolvedMs: a.resolvedMs,
    confidence: a.confidence,
    anomaly: a.anomaly,
    byHardware: a.byHardware,
    label: advice?.label ?? { en: a.fault, ja: a.fault },
    care: advice?.care ?? { en: '', ja: '' },
    technician: advice?.technician ?? { en: '', ja: '' },
    evidence,
  };
}

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
    importedMs: p.importedMs,
    activatedMs: p.activatedMs,
    evaluation: manifest.evaluation ?? null,
  };
}

export function createModelHandlers(deps: {
  db: DbClient;
  events: EventHub;
  log?: (line: string) => void;
  launchChild?: ChildLauncher | undefined;
}): Pick<ApiHandlers, ModelChannel> {
  const { db, events } = deps;
  const log = deps.log ?? (() => {});
  const modelsDir = join(dirname(db.info.path), 'models');
  mkdirSync(modelsDir, { recursive: true });
  const service = new DiagnosticsService({
    log,
    ...(deps.launchChild ? { launcher: hostLauncher(deps.launchChild) } : {}),
  });
  const registry = new ModelRegistry(db, service, modelsDir, 'system', DEFAULT_PACK_DIR, log);
  service.onAlert((alert, change) => {
    const record: AlertRecord = {
      id: alert.id,
      robotId: alert.robot,
      joint: alert.joint,
      fault: alert.fault,
      state: alert.state,
      raisedMs: alert.raisedMs,
      acknowledgedMs: alert.acknowledgedMs,
      acknowledgedBy: alert.acknowledgedBy,
      resolvedMs: alert.resolvedMs,
      confidence: alert.confidence,
      anomaly: alert.anomaly,
      byHardware: alert.byHardware,
      // The pack the service runs, however it was activated (here, or a Sync area update).
      model: service.activeModel,
      evidence: JSON.stringify(alert.evidence),
    };
    const advice = FAULT_ADVICE[alert.fault];
    void db
      .call('saveAlert', record)
      .then(() =>
        db.call('appendEvent', {
          tMs: Date.now(),
          robotId: alert.robot,
          kind: 'alert',
          severity: change === 'raised' ? advice.severity : 'info',
          user: alert.acknowledgedBy,
          text: `${alert.joint}: ${advice.label.en} / ${advice.label.ja} — ${change} (confidence ${(alert.confidence * 100).toFixed(0)}%)`,
          data: { alertId: alert.id, fault: alert.fault, change },
        }),
      )
      .then((event) => events.emit('events.appended', event))
      .catch((error: unknown) => log(`could not record alert ${alert.id}: ${String(error)}`));
    events.emit('alerts.changed', toAlertDto(alert));
  });
  const ready = (async () => {
    await service.start();
    await registry.startActive();
  })().catch((error: unknown) => log(`diagnostics model not started: ${(error as Error).message}`));
  runtimes.set(db, { service, registry, ready });

  return {
    'models.list': async () => (await registry.list()).map(toPackDto),
    'models.activate': async ({ id }) => toPackDto(await registry.activate(id)),
    'models.rollback': async () => toPackDto(await registry.rollback()),
    'models.import': async ({ path }) => toPackDto(await registry.import(path)),
    'alerts.list': async ({ states }) =>
      (await db.call('listAlerts', { ...(states ? { states } : {}), limit: 200 })).map(toAlertDto),
    'alerts.acknowledge': async ({ id }, context) => {
      const alert = service.acknowledge(id, context.actor);
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
