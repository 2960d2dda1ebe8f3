/**
 * The operational log's database methods (spread into db-methods.ts, so the worker exposes
 * them): telemetry ingest and queries, the timeline and shift report, export, retention.
 */
import type { Database } from 'better-sqlite3';
import type { LogEvent, TelemetryBatch } from '../../native/domain';
import { exportLog, type ExportRequest, type ExportResult } from '../export/export-log';
import {
  buildShiftReport,
  buildTimeline,
  type ShiftReport,
  type Timeline,
} from '../reports/shift-report';
import {
  readRetentionSettings,
  RetentionEnforcer,
  RETENTION_DEFAULTS,
  RETENTION_KEYS,
  usedBytes,
  type Eviction,
  type RetentionSettings,
} from '../retention/retention';
import { logEventFromRow, type EventRow } from '../repositories/events-repository';
import { SettingsRepository } from '../repositories/settings-repository';
import {
  TelemetryStore,
  type FlushResult,
  type RawSeries,
  type SeriesInfo,
  type SeriesRequest,
  type SeriesResult,
  type TelemetryColumns,
} from './telemetry-store';

/** How often the worker applies retention and the size budget. */
export const RETENTION_INTERVAL_MS = 60_000;
/** Raw rows around an event are capped at ±this many seconds. */
export const MAX_AROUND_S = 300;

export interface LogBounds {
  fromMs: number | null;
  toMs: number | null;
  telemetry: { fromMs: number; toMs: number } | null;
  events: { fromMs: number; toMs: number; count: number } | null;
  series: SeriesInfo[];
}

export interface TelemetryAround {
  centerMs: number;
  fromMs: number;
  toMs: number;
  event: LogEvent | null;
  series: RawSeries[];
}

export interface StorageStats {
  usedBytes: number;
  chunks: number;
  samples: number;
  chunkBytes: number;
  rollupBlocks: number;
  rollupBytes: number;
  keepWindows: number;
}

export function createLogDbMethods(
  db: Database,
  options: { readOnly: boolean; onFlushError?: (error: unknown) => void },
) {
  const store = new TelemetryStore(db, {
    readOnly: options.readOnly,
    ...(options.onFlushError ? { onFlushError: options.onFlushError } : {}),
  });
  const retention = new RetentionEnforcer(db);
  const settings = new SettingsRepository(db);
  let retentionTimer: NodeJS.Timeout | null = null;

  const enforce = (nowMs: number): Eviction[] => {
    if (options.readOnly || !store.available) return [];
    store.dropCaches();
    return retention.enforce(nowMs);
  };
  if (!options.readOnly) {
    retentionTimer = setInterval(() => {
      try {
        enforce(Date.now());
      } catch {
        // A busy or full disk: the next round tries again; ingest is unaffected.
      }
    }, RETENTION_INTERVAL_MS);
    retentionTimer.unref();
  }

  const eventById = (id: number): (LogEvent & { data: unknown }) | null => {
    const row = db
      .prepare(
        'SELECT id, t_ms, robot_id, kind, severity, user, text, message, data FROM events WHERE id = ?',
      )
      .get(id) as (EventRow & { data: string | null }) | undefined;
    if (!row) return null;
    return {
      ...logEventFromRow(row),
      data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    };
  };

  return {
    /** Buffered; on disk within a second (or at once with flushTelemetry). */
    appendTelemetry(batch: TelemetryBatch): { accepted: number } {
      return store.append(batch);
    },

    /** The bulk form: one joint's samples as typed-array columns. */
    appendTelemetryColumns(batches: TelemetryColumns[]): { accepted: number } {
      let accepted = 0;
      for (const batch of batches) accepted += store.appendColumns(batch).accepted;
      return { accepted };
    },

    flushTelemetry(): FlushResult {
      return options.readOnly ? { chunks: 0, samples: 0 } : store.flush();
    },

    /** Telemetry samples accepted but not yet on disk (all of them survive a failed flush). */
    unwrittenTelemetry(): number {
      return store.unwrittenSamples;
    },

    /** Called by the worker before it closes the connection. */
    closeTelemetry(): void {
      if (retentionTimer) clearInterval(retentionTimer);
      retentionTimer = null;
      if (store.available) store.close();
    },

    telemetrySeries(args: SeriesRequest): SeriesResult {
      return store.series(args);
    },

    telemetryRaw(args: {
      robotId: string;
      joint?: string;
      fromMs: number;
      toMs: number;
    }): RawSeries[] {
      const joints = args.joint
        ? [args.joint]
        : store
            .listSeries()
            .filter((s) => s.robotId === args.robotId)
            .map((s) => s.joint);
      return joints.map((joint) => store.readRaw(args.robotId, joint, args.fromMs, args.toMs));
    },

    /** Full-rate rows of the event's robot (every robot for a facility-wide event) around it. */
    telemetryAround(args: {
      eventId?: number;
      tMs?: number;
      robotId?: string;
      seconds: number;
    }): TelemetryAround {
      const event = args.eventId === undefined ? null : eventById(args.eventId);
      if (args.eventId !== undefined && !event) {
        throw Object.assign(new Error(`There is no event ${args.eventId} in this log.`), {
          code: 'event-not-found',
        });
      }
      const centerMs = event?.tMs ?? args.tMs;
      if (centerMs === undefined) {
        throw Object.assign(new Error('Give an event or a time to show the telemetry around.'), {
          code: 'invalid-arguments',
        });
      }
      const seconds = Math.min(MAX_AROUND_S, Math.max(0, args.seconds));
      const fromMs = centerMs - seconds * 1000;
      const toMs = centerMs + seconds * 1000 + 1;
      const robotId = args.robotId ?? event?.robotId ?? null;
      const series = store
        .listSeries()
        .filter(
          (s) => (robotId === null || s.robotId === robotId) && s.toMs >= fromMs && s.fromMs < toMs,
        )
        .map((s) => store.readRaw(s.robotId, s.joint, fromMs, toMs))
        .filter((raw) => raw.tMs.length > 0);
      return {
        centerMs,
        fromMs,
        toMs,
        event: event
          ? {
              id: event.id,
              tMs: event.tMs,
              robotId: event.robotId,
              kind: event.kind,
              severity: event.severity,
              user: event.user,
              text: event.text,
              message: event.message,
            }
          : null,
        series,
      };
    },

    telemetrySeriesList(): SeriesInfo[] {
      return store.listSeries();
    },

    logBounds(): LogBounds {
      const series = store.listSeries();
      const telemetry = series.length
        ? {
            fromMs: Math.min(...series.map((s) => s.fromMs)),
            toMs: Math.max(...series.map((s) => s.toMs)),
          }
        : null;
      const e = db
        .prepare('SELECT min(t_ms) AS lo, max(t_ms) AS hi, count(*) AS n FROM events')
        .get() as { lo: number | null; hi: number | null; n: number };
      const events =
        e.lo === null || e.hi === null ? null : { fromMs: e.lo, toMs: e.hi, count: e.n };
      const los = [telemetry?.fromMs, events?.fromMs].filter((v): v is number => v !== undefined);
      const his = [telemetry?.toMs, events?.toMs].filter((v): v is number => v !== undefined);
      return {
        fromMs: los.length ? Math.min(...los) : null,
        toMs: his.length ? Math.max(...his) : null,
        telemetry,
        events,
        series,
      };
    },

    logTimeline(args: { fromMs: number; toMs: number }): Timeline {
      return buildTimeline(db, args.fromMs, args.toMs);
    },

    shiftReport(args: { fromMs: number; toMs: number }): ShiftReport {
      return buildShiftReport(db, args.fromMs, args.toMs);
    },

    /** Streams a range to a file (see db/export/export-log.ts). */
    exportLog(request: ExportRequest): ExportResult {
      return exportLog(db, store, request);
    },

    enforceRetention(nowMs?: number): Eviction[] {
      return enforce(nowMs ?? Date.now());
    },

    retentionSettings(): RetentionSettings {
      return readRetentionSettings(db);
    },

    /** Saves the given retention settings (unknown keys and bad values are refused). */
    setRetentionSettings(args: {
      settings: Partial<RetentionSettings>;
      nowMs: number;
    }): RetentionSettings {
      for (const [key, value] of Object.entries(args.settings)) {
        if (!(RETENTION_KEYS as string[]).includes(key)) {
          throw Object.assign(
            new Error(`Unknown retention setting "${key}". Known: ${RETENTION_KEYS.join(', ')}.`),
            { code: 'invalid-setting' },
          );
        }
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw Object.assign(
            new Error(
              `Retention setting ${key} must be a number of 0 or more (default ${RETENTION_DEFAULTS[key as keyof RetentionSettings]}).`,
            ),
            { code: 'invalid-setting' },
          );
        }
      }
      db.transaction(() => {
        for (const [key, value] of Object.entries(args.settings)) {
          settings.set(`telemetry.${key}`, value, args.nowMs);
        }
      })();
      return readRetentionSettings(db);
    },

    telemetryStorage(): StorageStats {
      if (!store.available) {
        return {
          usedBytes: usedBytes(db),
          chunks: 0,
          samples: 0,
          chunkBytes: 0,
          rollupBlocks: 0,
          rollupBytes: 0,
          keepWindows: 0,
        };
      }
      if (!options.readOnly) store.flush();
      const c = db
        .prepare(
          'SELECT count(*) AS rows, coalesce(sum(n), 0) AS n, coalesce(sum(length(data)), 0) AS b FROM telemetry_chunks',
        )
        .get() as { rows: number; n: number; b: number };
      const r = db
        .prepare(
          'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS b FROM telemetry_rollups',
        )
        .get() as { rows: number; b: number };
      const w = db.prepare('SELECT count(*) AS n FROM keep_windows').get() as { n: number };
      return {
        usedBytes: usedBytes(db),
        chunks: c.rows,
        samples: c.n,
        chunkBytes: c.b,
        rollupBlocks: r.rows,
        rollupBytes: r.b,
        keepWindows: w.n,
      };
    },
  };
}
