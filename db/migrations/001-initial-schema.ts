import type { Migration } from './migration';

/**
 * Facility settings, robots, events (with a trigram FTS5 index so Japanese text, which has no
 * spaces between words, is searchable), and the audit trail of operator actions.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE robots (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        profile TEXT NOT NULL,
        -- What the robot is recognised by: USB serial number or /dev/serial/by-id path of its adapter.
        identity TEXT NOT NULL UNIQUE,
        settings TEXT NOT NULL DEFAULT '{}',
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER
      ) STRICT;

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        t_ms INTEGER NOT NULL,
        robot_id TEXT,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        user TEXT,
        text TEXT NOT NULL,
        data TEXT
      ) STRICT;
      CREATE INDEX events_by_time ON events (t_ms);
      CREATE INDEX events_by_robot_time ON events (robot_id, t_ms);

      CREATE VIRTUAL TABLE events_fts USING fts5(
        text, content='events', content_rowid='id', tokenize='trigram'
      );
      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER events_fts_update AFTER UPDATE OF text ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO events_fts (rowid, text) VALUES (new.id, new.text);
      END;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        t_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        before TEXT,
        after TEXT
      ) STRICT;
      CREATE INDEX audit_by_time ON audit (t_ms);
    `);
  },
};
