/**
 * Telemetry retention and the size budget.
 *
 * By age (settings, defaults in RETENTION_DEFAULTS):
 *   - full rate outside keep windows is dropped after `fullRateHours` (the flight recorder's loop);
 *   - full rate inside keep windows (±keepWindowS around alerts, faults, task runs) after
 *     `keepWindowDays`;
 *   - per-second rollups after `perSecondDays`; per-minute rollups after `perMinuteDays`
 *     (0 = never).
 * By size, when the database uses more than `budgetMB`, data goes oldest first in this order
 * until it fits in 90 % of the budget:
 *   1. full rate outside keep windows, 2. full rate inside keep windows,
 *   3. per-second rollups, 4. per-minute rollups.
 * Every drop is recorded as a 'system' event saying, in words, what went and how much, with the
 * figures in its data, so the user is told.
 */
import type { Database } from 'better-sqlite3';
import { EventsRepository } from '../repositories/events-repository';
import { SettingsRepository } from '../repositories/settings-repository';
import { CHUNK_MAX_MS } from '../telemetry/telemetry-tables';
import { HOUR, MINUTE, SECOND } from '../telemetry/rollups';

export const RETENTION_DEFAULTS = {
  fullRateHours: 24,
  keepWindowS: 60,
  keepWindowDays: 90,
  perSecondDays: 30,
  perMinuteDays: 0,
  budgetMB: 2048,
};
export type RetentionSettings = typeof RETENTION_DEFAULTS;
export const RETENTION_KEYS = Object.keys(RETENTION_DEFAULTS) as (keyof RetentionSettings)[];

export type EvictionCategory = 'full-rate' | 'full-rate-kept' | 'per-second' | 'per-minute';

export interface Eviction {
  category: EvictionCategory;
  reason: 'age' | 'budget';
  rows: number;
  samples: number;
  bytes: number;
  fromMs: number;
  toMs: number;
  eventId: number;
}

const DAY = 24 * HOUR;
const BATCH = 500;
/** Row, index and page overhead per deleted row, on top of its blob. */
const ROW_OVERHEAD = 48;

export function readRetentionSettings(db: Database): RetentionSettings {
  const settings = new SettingsRepository(db);
  const out = { ...RETENTION_DEFAULTS };
  for (const key of RETENTION_KEYS) {
    const value = settings.get<number>(`telemetry.${key}`);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  return out;
}

export function usedBytes(db: Database): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

const DESCRIPTIONS: Record<EvictionCategory, string> = {
  'full-rate': 'full-rate telemetry outside alert, fault and task windows',
  'full-rate-kept': 'full-rate telemetry around alerts, faults and task runs',
  'per-second': 'per-second telemetry summaries',
  'per-minute': 'per-minute telemetry summaries',
};
const STILL_KEPT: Record<EvictionCategory, string> = {
  'full-rate': 'Per-second and per-minute summaries of that time are kept.',
  'full-rate-kept': 'Per-second and per-minute summaries of that time are kept.',
  'per-second': 'Per-minute summaries of that time are kept.',
  'per-minute': 'No telemetry of that time remains; events are kept.',
};

interface Candidate {
  id: number;
  t0: number;
  t1: number;
  samples: number;
  bytes: number;
  key?: [number, number, number];
}

export class RetentionEnforcer {
  private readonly events: EventsRepository;

  constructor(private readonly db: Database) {
    this.events = new EventsRepository(db);
  }

  /** Applies age limits, then the size budget. Returns what was dropped (also logged). */
  enforce(nowMs: number, settings = readRetentionSettings(this.db)): Eviction[] {
    const dropped: Eviction[] = [];
    const ageCutoffs: Record<EvictionCategory, number | null> = {
      'full-rate': nowMs - settings.fullRateHours * HOUR,
      'full-rate-kept': nowMs - settings.keepWindowDays * DAY,
      'per-second': nowMs - settings.perSecondDays * DAY,
      'per-minute': settings.perMinuteDays > 0 ? nowMs - settings.perMinuteDays * DAY : null,
    };
    const order: EvictionCategory[] = ['full-rate', 'full-rate-kept', 'per-second', 'per-minute'];
    for (const category of order) {
      const cutoff = ageCutoffs[category];
      if (cutoff === null) continue;
      const eviction = this.evict(category, 'age', cutoff, Infinity);
      if (eviction) dropped.push(eviction);
    }
    const budget = settings.budgetMB * 1024 * 1024;
    let used = usedBytes(this.db);
    if (budget > 0 && used > budget) {
      let toFree = used - 0.9 * budget;
      for (const category of order) {
        if (toFree <= 0) break;
        const eviction = this.evict(category, 'budget', nowMs, toFree, settings.budgetMB);
        if (!eviction) continue;
        dropped.push(eviction);
        toFree -= eviction.bytes;
        used = usedBytes(this.db);
      }
    }
    // Windows whose telemetry is gone no longer protect anything.
    this.db
      .prepare('DELETE FROM keep_windows WHERE to_ms < ?')
      .run(nowMs - settings.keepWindowDays * DAY);
    return dropped;
  }

  /** Deletes the oldest rows of a category ending before `cutoff`, up to `maxBytes`. */
  private evict(
    category: EvictionCategory,
    reason: 'age' | 'budget',
    cutoff: number,
    maxBytes: number,
    budgetMB = 0,
  ): Eviction | null {
    let rows = 0;
    let samples = 0;
    let bytes = 0;
    let fromMs = Infinity;
    let toMs = -Infinity;
    const next = this.selector(category);
    const remove = this.remover(category);
    while (bytes < maxBytes) {
      const batch = next(cutoff);
      if (batch.length === 0) break;
      this.db.transaction(() => {
        for (const row of batch) {
          if (bytes >= maxBytes) break;
          remove(row);
          rows++;
          samples += row.samples;
          bytes += row.bytes + ROW_OVERHEAD;
          fromMs = Math.min(fromMs, row.t0);
          toMs = Math.max(toMs, row.t1);
        }
      })();
      if (batch.length < BATCH) break;
    }
    if (rows === 0) return null;
    const what = DESCRIPTIONS[category];
    const span = `from ${iso(fromMs)} to ${iso(toMs)}`;
    const unit = category.startsWith('full-rate') ? 'chunks' : 'summary blocks';
    const figures = `${rows.toLocaleString('en')} ${unit}, ${samples.toLocaleString('en')} ${
      category.startsWith('full-rate') ? 'samples' : 'entries'
    }, about ${formatBytes(bytes)}`;
    const text =
      reason === 'age'
        ? `Retention: dropped ${what} ${span} (${figures}). ${STILL_KEPT[category]}`
        : `Storage limit of ${budgetMB.toLocaleString('en')} MB reached: dropped ${what} ${span} (${figures}). ${STILL_KEPT[category]}`;
    const event = this.events.append({
      tMs: Date.now(),
      kind: 'system',
      severity: reason === 'age' ? 'info' : 'warning',
      text,
      data: { code: 'telemetry-evicted', category, reason, rows, samples, bytes, fromMs, toMs },
    });
    return { category, reason, rows, samples, bytes, fromMs, toMs, eventId: event.id };
  }

  private selector(category: EvictionCategory): (cutoff: number) => Candidate[] {
    const db = this.db;
    if (category === 'full-rate') {
      const maxLen =
        (
          db.prepare('SELECT max(to_ms - from_ms) AS m FROM keep_windows').get() as {
            m: number | null;
          }
        ).m ?? 0;
      const statement = db.prepare(
        `SELECT c.id, c.t0_ms AS t0, c.t1_ms AS t1, c.n AS samples, length(c.data) AS bytes
         FROM telemetry_chunks c JOIN telemetry_series s ON s.id = c.series_id
         WHERE c.t0_ms < ? AND c.t1_ms < ?
           AND NOT EXISTS (
             SELECT 1 FROM keep_windows w
             WHERE w.from_ms BETWEEN c.t0_ms - ? AND c.t1_ms AND w.to_ms >= c.t0_ms
               AND (w.robot_id IS NULL OR w.robot_id = s.robot_id))
         ORDER BY c.t0_ms LIMIT ${BATCH}`,
      );
      return (cutoff) => statement.all(cutoff, cutoff, maxLen) as Candidate[];
    }
    if (category === 'full-rate-kept') {
      const statement = db.prepare(
        `SELECT id, t0_ms AS t0, t1_ms AS t1, n AS samples, length(data) AS bytes
         FROM telemetry_chunks WHERE t0_ms < ? AND t1_ms < ? ORDER BY t0_ms LIMIT ${BATCH}`,
      );
      return (cutoff) => statement.all(cutoff - CHUNK_MAX_MS, cutoff) as Candidate[];
    }
    const level = category === 'per-second' ? SECOND : MINUTE;
    const span = category === 'per-second' ? MINUTE : HOUR;
    const statement = db.prepare(
      `SELECT series_id, level, t0_ms AS t0, t0_ms + ${span} AS t1, n AS samples, length(data) AS bytes
       FROM telemetry_rollups WHERE level = ${level} AND t0_ms <= ?
       ORDER BY t0_ms LIMIT ${BATCH}`,
    );
    return (cutoff) =>
      (statement.all(cutoff - span) as (Candidate & { series_id: number; level: number })[]).map(
        (row) => ({ ...row, id: 0, key: [row.series_id, row.level, row.t0] }),
      );
  }

  private remover(category: EvictionCategory): (row: Candidate) => void {
    if (category === 'full-rate' || category === 'full-rate-kept') {
      const statement = this.db.prepare('DELETE FROM telemetry_chunks WHERE id = ?');
      return (row) => statement.run(row.id);
    }
    const statement = this.db.prepare(
      'DELETE FROM telemetry_rollups WHERE series_id = ? AND level = ? AND t0_ms = ?',
    );
    return (row) => statement.run(...row.key!);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
