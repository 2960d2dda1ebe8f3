/**
 * The live diagnostics runtime the composition root starts: the diagnostics service (its
 * inference host is a process of its own), the model registry over the database, and the
 * recording of every alert change — persisted, logged as an event and pushed as
 * `alerts.changed`. The model starts in the background; `ready` settles when it has.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DbClient } from '../../db/db-client';
import { EVENT_WORDS, messageEvent, type AlertRecord } from '../../native/domain';
import { DiagnosticsService } from '../../native/model/diagnostics-service';
import { hostLauncher } from '../../native/model/host/inference-supervisor';
import { DEFAULT_PACK_DIR, ModelRegistry } from '../../native/model/model-registry';
import type { PackTrust } from '../../native/model/pack/trusted-keys';
import { FAULT_ADVICE } from '../../native/model/taxonomy';
import type { ChildLauncher } from '../../native/process/child-channel';
import { toAlertDto } from './alert-dto';
import type { EventHub } from './event-hub';

export interface DiagnosticsRuntime {
  service: DiagnosticsService;
  registry: ModelRegistry;
  /** Settles once the host runs the active pack (or failed to; that is logged). */
  ready: Promise<void>;
  /** Stops the service and its inference host process. */
  close(): Promise<void>;
}

export function startDiagnostics(deps: {
  db: DbClient;
  events: EventHub;
  /** Whether development-signed packs are believed (the demo decides; see trusted-keys.ts). */
  packTrust: () => PackTrust;
  log?: (line: string) => void;
  launchChild?: ChildLauncher | undefined;
}): DiagnosticsRuntime {
  const { db, events } = deps;
  const log = deps.log ?? (() => {});
  const modelsDir = join(dirname(db.info.path), 'models');
  mkdirSync(modelsDir, { recursive: true });
  const service = new DiagnosticsService({
    log,
    ...(deps.launchChild ? { launcher: hostLauncher(deps.launchChild) } : {}),
  });
  const registry = new ModelRegistry(
    db,
    service,
    modelsDir,
    'system',
    DEFAULT_PACK_DIR,
    log,
    deps.packTrust,
  );
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
          ...messageEvent('alert.changed', {
            joint: alert.joint,
            fault: advice.label,
            change: EVENT_WORDS.alertChange[change],
            confidence: (alert.confidence * 100).toFixed(0),
          }),
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
  return {
    service,
    registry,
    ready,
    close: () => service.close(),
  };
}
