/**
 * Everything the rest of the app may ask of the database, as plain functions over one opened
 * connection. The worker exposes exactly this map; tests can call it directly.
 */
import type { OpenedDatabase } from './open-database';
import { createAccountDbMethods } from './accounts/account-db-methods';
import { createAuditDbMethods } from './audit/audit-db-methods';
import { AuditRepository } from './repositories/audit-repository';
import { EventsRepository, type NewEvent } from './repositories/events-repository';
import { RobotsRepository, type RobotRecord } from './repositories/robots-repository';
import { SettingsRepository } from './repositories/settings-repository';
import { createLogDbMethods } from './telemetry/log-db-methods';
import { createSyncDbMethods } from './sync/sync-db-methods';
import { createTeachDbMethods } from './teach/teach-db-methods';
import {
  ALERT_STATES,
  type AlertRecord,
  type EventQuery,
  type LogEvent,
  type ModelPackRecord,
} from '../native/domain';

export interface DatabaseInfo {
  path: string;
  schemaVersion: number;
  sqliteVersion: string;
  readOnly: boolean;
}

export interface DbMethodsOptions {
  /** A telemetry flush nobody awaited failed (a full disk): the worker reports it. */
  onFlushError?: (error: unknown) => void;
}

export function createDbMethods(
  opened: OpenedDatabase,
  path: string,
  options: DbMethodsOptions = {},
) {
  const { db } = opened;
  const settings = new SettingsRepository(db);
  const events = new EventsRepository(db);
  const robots = new RobotsRepository(db);
  const audit = new AuditRepository(db);

  return {
    // Operational log: telemetry flight recorder, timeline, shift report, export, retention.
    ...createLogDbMethods(db, { readOnly: opened.readOnly, ...options }),
    // Donation pipeline (consent, outbox, batches, upload history): db/sync/.
    ...createSyncDbMethods(db),
    ...createAccountDbMethods(db),
    ...createAuditDbMethods(db),
    // Task library (teaching): db/teach/.
    ...createTeachDbMethods(db),

    info(): DatabaseInfo {
      return {
        path,
        schemaVersion: opened.schemaVersion,
        sqliteVersion: opened.sqliteVersion,
        readOnly: opened.readOnly,
      };
    },

    getSetting(key: string): unknown {
      return settings.get(key);
    },

    /** The change and its audit row commit together or not at all. */
    setSetting(args: { key: string; value: unknown; actor: string; nowMs: number }): void {
      db.transaction(() => {
        const before = settings.get(args.key);
        settings.set(args.key, args.value, args.nowMs);
        audit.append({
          tMs: args.nowMs,
          actor: args.actor,
          action: 'setting.change',
          target: args.key,
          before,
          after: args.value,
        });
      })();
    },

    appendEvent(event: NewEvent): LogEvent {
      return events.append(event);
    },

    appendEvents(batch: NewEvent[]): LogEvent[] {
      return db.transaction(() => batch.map((event) => events.append(event)))();
    },

    queryEvents(query: EventQuery): LogEvent[] {
      return events.query(query);
    },

    countEvents(): number {
      return events.count();
    },

    listRobots(): RobotRecord[] {
      return robots.list();
    },

    findRobotByIdentity(identity: string): RobotRecord | null {
      return robots.findByIdentity(identity) ?? null;
    },

    saveRobot(args: { robot: RobotRecord; actor: string; nowMs: number }): RobotRecord {
      return db.transaction(() => {
        const before = robots.findByIdentity(args.robot.identity);
        const saved = robots.upsert(args.robot);
        if (!before || before.name !== saved.name || before.profile !== saved.profile) {
          audit.append({
            tMs: args.nowMs,
            actor: args.actor,
            action: before ? 'robot.update' : 'robot.register',
            target: saved.id,
            before,
            after: saved,
          });
        }
        return saved;
      })();
    },

    touchRobot(args: { id: string; nowMs: number }): void {
      robots.touch(args.id, args.nowMs);
    },

    latestAudit(limit: number) {
      return audit.latest(limit);
    },

    // Model registry and diagnostics alerts (the tables of migration 004).

    listModelPacks(): ModelPackRecord[] {
      return (
        db.prepare('SELECT * FROM model_packs ORDER BY imported_ms DESC, id DESC').all() as Record<
          string,
          unknown
        >[]
      ).map(modelPackFromRow);
    },

    /** Records a verified pack (or returns the existing record with the same digest). */
    addModelPack(args: {
      pack: Omit<ModelPackRecord, 'id' | 'state' | 'activatedMs'>;
      actor: string;
    }): ModelPackRecord {
      return db.transaction(() => {
        const existing = db
          .prepare('SELECT * FROM model_packs WHERE digest = ?')
          .get(args.pack.digest) as Record<string, unknown> | undefined;
        if (existing) return modelPackFromRow(existing);
        const p = args.pack;
        const info = db
          .prepare(
            `INSERT INTO model_packs (name, version, digest, dir, key_id, development_key, manifest, imported_ms, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'available')`,
          )
          .run(
            p.name,
            p.version,
            p.digest,
            p.dir,
            p.keyId,
            p.developmentKey ? 1 : 0,
            p.manifest,
            p.importedMs,
          );
        audit.append({
          tMs: p.importedMs,
          actor: args.actor,
          action: 'model.import',
          target: `${p.name}@${p.version}`,
          before: null,
          after: { digest: p.digest, keyId: p.keyId },
        });
        return modelPackFromRow(
          db.prepare('SELECT * FROM model_packs WHERE id = ?').get(info.lastInsertRowid) as Record<
            string,
            unknown
          >,
        );
      })();
    },

    /** Makes `id` active; the pack active before becomes 'previous' (the rollback target). */
    activateModelPack(args: { id: number; actor: string; nowMs: number }): ModelPackRecord {
      return db.transaction(() => {
        const target = db.prepare('SELECT * FROM model_packs WHERE id = ?').get(args.id) as
          Record<string, unknown> | undefined;
        if (!target) throw new Error(`There is no model pack ${args.id}.`);
        const active = db.prepare("SELECT * FROM model_packs WHERE state = 'active'").get() as
          Record<string, unknown> | undefined;
        if (active && active.id === args.id) return modelPackFromRow(active);
        db.prepare("UPDATE model_packs SET state = 'available' WHERE state = 'previous'").run();
        if (active)
          db.prepare("UPDATE model_packs SET state = 'previous' WHERE id = ?").run(active.id);
        db.prepare("UPDATE model_packs SET state = 'active', activated_ms = ? WHERE id = ?").run(
          args.nowMs,
          args.id,
        );
        audit.append({
          tMs: args.nowMs,
          actor: args.actor,
          action: 'model.activate',
          target: String(args.id),
          before: active ? { id: active.id, version: active.version } : null,
          after: { id: args.id, version: target.version },
        });
        return modelPackFromRow(
          db.prepare('SELECT * FROM model_packs WHERE id = ?').get(args.id) as Record<
            string,
            unknown
          >,
        );
      })();
    },

    saveAlert(alert: AlertRecord): void {
      db.prepare(
        `INSERT INTO alerts (id, robot_id, joint, fault, state, raised_ms, acknowledged_ms, acknowledged_by, resolved_ms, confidence, anomaly, by_hardware, model, evidence)
                  VALUES (@id, @robotId, @joint, @fault, @state, @raisedMs, @acknowledgedMs, @acknowledgedBy, @resolvedMs, @confidence, @anomaly, @byHardware, @model, @evidence)
                  ON CONFLICT (id) DO UPDATE SET state = excluded.state, acknowledged_ms = excluded.acknowledged_ms,
                    acknowledged_by = excluded.acknowledged_by, resolved_ms = excluded.resolved_ms`,
      ).run({ ...alert, byHardware: alert.byHardware ? 1 : 0 });
    },

    listAlerts(args: { states?: AlertRecord['state'][]; limit?: number }): AlertRecord[] {
      const states = args.states ?? ALERT_STATES;
      const rows = db
        .prepare(
          `SELECT * FROM alerts WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY raised_ms DESC LIMIT ?`,
        )
        .all(...states, args.limit ?? 200) as Record<string, unknown>[];
      return rows.map((r) => ({
        id: String(r.id),
        robotId: String(r.robot_id),
        joint: String(r.joint),
        fault: String(r.fault),
        state: r.state as AlertRecord['state'],
        raisedMs: Number(r.raised_ms),
        acknowledgedMs: r.acknowledged_ms === null ? null : Number(r.acknowledged_ms),
        acknowledgedBy: typeof r.acknowledged_by === 'string' ? r.acknowledged_by : null,
        resolvedMs: r.resolved_ms === null ? null : Number(r.resolved_ms),
        confidence: Number(r.confidence),
        anomaly: Number(r.anomaly),
        byHardware: r.by_hardware === 1,
        model: typeof r.model === 'string' ? r.model : null,
        evidence: String(r.evidence),
      }));
    },

    integrityCheck(): string {
      return db.pragma('integrity_check', { simple: true }) as string;
    },
  };
}

export type DbMethods = ReturnType<typeof createDbMethods>;
export type DbMethodName = keyof DbMethods;

function modelPackFromRow(r: Record<string, unknown>): ModelPackRecord {
  return {
    id: Number(r.id),
    name: String(r.name),
    version: String(r.version),
    digest: String(r.digest),
    dir: String(r.dir),
    keyId: String(r.key_id),
    developmentKey: r.development_key === 1,
    manifest: String(r.manifest),
    importedMs: Number(r.imported_ms),
    activatedMs: r.activated_ms === null ? null : Number(r.activated_ms),
    state: r.state as ModelPackRecord['state'],
  };
}
