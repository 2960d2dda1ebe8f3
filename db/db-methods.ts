/**
 * Everything the rest of the app may ask of the database, as plain functions over one opened
 * connection. The worker exposes exactly this map; tests can call it directly.
 */
import type { EventQuery, LogEvent } from '../electron/shared/api-contract';
import type { OpenedDatabase } from './open-database';
import { createAccountDbMethods } from './accounts/account-db-methods';
import { createAuditDbMethods } from './audit/audit-db-methods';
import { AuditRepository } from './repositories/audit-repository';
import { EventsRepository, type NewEvent } from './repositories/events-repository';
import { RobotsRepository, type RobotRecord } from './repositories/robots-repository';
import { SettingsRepository } from './repositories/settings-repository';
import { createLogDbMethods } from './telemetry/log-db-methods';
import { createSyncDbMethods } from './sync/sync-db-methods';

export interface DatabaseInfo {
  path: string;
  schemaVersion: number;
  sqliteVersion: string;
  readOnly: boolean;
}

export function createDbMethods(opened: OpenedDatabase, path: string) {
  const { db } = opened;
  const settings = new SettingsRepository(db);
  const events = new EventsRepository(db);
  const robots = new RobotsRepository(db);
  const audit = new AuditRepository(db);

  return {
    // Operational log: telemetry flight recorder, timeline, shift report, export, retention.
    ...createLogDbMethods(db, { readOnly: opened.readOnly }),
    // Donation pipeline (consent, outbox, batches, upload history): db/sync/.
    ...createSyncDbMethods(db),
    ...createAccountDbMethods(db),
    ...createAuditDbMethods(db),

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

    integrityCheck(): string {
      return db.pragma('integrity_check', { simple: true }) as string;
    },
  };
}

export type DbMethods = ReturnType<typeof createDbMethods>;
export type DbMethodName = keyof DbMethods;
