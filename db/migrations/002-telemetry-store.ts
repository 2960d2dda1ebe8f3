import type { Migration } from './migration';

/**
 * The telemetry flight recorder (see db/telemetry/telemetry-store.ts): compressed full-rate
 * chunks per robot joint, per-second and per-minute rollup blocks, and the keep windows that
 * hold full rate around every alert, fault and task run. Plus event indexes so filtering a
 * million events by kind, severity or robot stays an index walk in id order.
 */
export const telemetryStore: Migration = {
  version: 2,
  name: 'telemetry store',
  up(db) {
    db.exec(`
      CREATE TABLE telemetry_series (
        id INTEGER PRIMARY KEY,
        robot_id TEXT NOT NULL,
        joint TEXT NOT NULL,
        UNIQUE (robot_id, joint)
      ) STRICT;

      -- One chunk: up to ~1,000 samples or 10 s of one joint, columnar and compressed.
      CREATE TABLE telemetry_chunks (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES telemetry_series (id),
        t0_ms INTEGER NOT NULL,
        t1_ms INTEGER NOT NULL,
        n INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;
      CREATE INDEX telemetry_chunks_by_series_time ON telemetry_chunks (series_id, t0_ms);
      CREATE INDEX telemetry_chunks_by_time ON telemetry_chunks (t0_ms);

      -- level 1000: a block of per-second entries covering one minute;
      -- level 60000: a block of per-minute entries covering one hour.
      CREATE TABLE telemetry_rollups (
        series_id INTEGER NOT NULL REFERENCES telemetry_series (id),
        level INTEGER NOT NULL,
        t0_ms INTEGER NOT NULL,
        n INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, level, t0_ms)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX telemetry_rollups_by_time ON telemetry_rollups (level, t0_ms);

      -- Full rate is kept long term inside these windows (robot_id NULL = every robot).
      CREATE TABLE keep_windows (
        id INTEGER PRIMARY KEY,
        robot_id TEXT,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        event_id INTEGER,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX keep_windows_by_from ON keep_windows (from_ms);

      -- Every alert, fault and task event opens a window of ±telemetry.keepWindowS (default 60 s);
      -- a task event whose data carries startedMs covers the whole run.
      CREATE TRIGGER events_keep_window AFTER INSERT ON events
      WHEN new.kind IN ('alert', 'fault', 'task')
      BEGIN
        INSERT INTO keep_windows (robot_id, from_ms, to_ms, event_id, reason)
        VALUES (
          new.robot_id,
          min(new.t_ms, coalesce(CAST(json_extract(new.data, '$.startedMs') AS INTEGER), new.t_ms))
            - 1000 * coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'telemetry.keepWindowS'), 60),
          new.t_ms
            + 1000 * coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'telemetry.keepWindowS'), 60),
          new.id,
          new.kind
        );
      END;

      CREATE INDEX events_by_kind ON events (kind);
      CREATE INDEX events_by_severity ON events (severity);
      CREATE INDEX events_by_robot ON events (robot_id);
    `);
  },
};
