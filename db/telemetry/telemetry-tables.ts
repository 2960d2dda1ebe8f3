/** How telemetry sits in its tables: the chunk limits, the prepared statements, the series ids. */
import type { Database } from 'better-sqlite3';
import { CHANNEL_STEPS, TIME_STEP_MS } from './channels';

export const MAX_CHUNK_SAMPLES = 1000;
export const CHUNK_MAX_MS = 10_000;
export const FLUSH_INTERVAL_MS = 1000;
/** Chart requests are capped here (a few times a wide screen's pixel width). */
export const MAX_POINTS = 4000;

/** The quantization step of each chunk column: time, then the channels in CHANNELS order. */
export const ALL_STEPS = [TIME_STEP_MS, ...CHANNEL_STEPS];

/** The telemetry statements; prepared on first use, since an older read-only file has no tables. */
export function prepareTelemetryStatements(db: Database) {
  return {
    findSeries: db.prepare('SELECT id FROM telemetry_series WHERE robot_id = ? AND joint = ?'),
    insertSeries: db.prepare('INSERT INTO telemetry_series (robot_id, joint) VALUES (?, ?)'),
    insertChunk: db.prepare(
      'INSERT INTO telemetry_chunks (series_id, t0_ms, t1_ms, n, data) VALUES (?, ?, ?, ?, ?)',
    ),
    getBlock: db.prepare(
      'SELECT data FROM telemetry_rollups WHERE series_id = ? AND level = ? AND t0_ms = ?',
    ),
    putBlock: db.prepare(
      'INSERT OR REPLACE INTO telemetry_rollups (series_id, level, t0_ms, n, data) VALUES (?, ?, ?, ?, ?)',
    ),
    chunksInRange: db.prepare(
      `SELECT t0_ms, t1_ms, n, data FROM telemetry_chunks
         WHERE series_id = ? AND t0_ms >= ? AND t0_ms < ? AND t1_ms >= ? ORDER BY t0_ms, id`,
    ),
    blocksInRange: db.prepare(
      `SELECT t0_ms, data FROM telemetry_rollups
         WHERE series_id = ? AND level = ? AND t0_ms >= ? AND t0_ms < ? ORDER BY t0_ms`,
    ),
    countInRange: db.prepare(
      `SELECT coalesce(sum(n), 0) AS n FROM telemetry_chunks
         WHERE series_id = ? AND t0_ms >= ? AND t0_ms < ? AND t1_ms >= ?`,
    ),
  };
}

export type TelemetryStatements = ReturnType<typeof prepareTelemetryStatements>;

/** Series ids by robot and joint, cached for the life of the store; created on first write. */
export class SeriesIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly sql: () => TelemetryStatements) {}

  get(robotId: string, joint: string, create: boolean): number | undefined {
    const key = `${robotId}\u0000${joint}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const row = this.sql().findSeries.get(robotId, joint) as { id: number } | undefined;
    let id = row?.id;
    if (id === undefined && create) {
      id = Number(this.sql().insertSeries.run(robotId, joint).lastInsertRowid);
    }
    if (id !== undefined) this.ids.set(key, id);
    return id;
  }
}

/** The telemetry tables of one connection: their statements and series ids, shared by ingest and queries. */
export class TelemetryTables {
  private statements: TelemetryStatements | null = null;
  readonly ids = new SeriesIds(() => this.sql);

  constructor(readonly db: Database) {}

  get sql(): TelemetryStatements {
    return (this.statements ??= prepareTelemetryStatements(this.db));
  }

  /** Tables exist only from schema 2; a read-only older file simply has no telemetry. */
  get available(): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'telemetry_chunks'")
        .get() !== undefined
    );
  }
}
