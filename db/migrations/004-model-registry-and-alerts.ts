import type { Migration } from './migration';

/**
 * Model packs known to this installation (verified before they are recorded; the active one and
 * the previous one for rollback) and diagnostics alerts with their lifecycle
 * (raised → acknowledged → resolved; every change is also logged as an event).
 */
export const modelRegistryAndAlerts: Migration = {
  version: 4,
  name: 'model registry and alerts',
  up(db) {
    db.exec(`
      CREATE TABLE model_packs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        digest TEXT NOT NULL UNIQUE,
        dir TEXT NOT NULL,
        key_id TEXT NOT NULL,
        development_key INTEGER NOT NULL,
        manifest TEXT NOT NULL,
        imported_ms INTEGER NOT NULL,
        activated_ms INTEGER,
        state TEXT NOT NULL CHECK (state IN ('available', 'active', 'previous'))
      ) STRICT;
      CREATE UNIQUE INDEX model_packs_one_active ON model_packs (state) WHERE state = 'active';
      CREATE UNIQUE INDEX model_packs_one_previous ON model_packs (state) WHERE state = 'previous';

      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        robot_id TEXT NOT NULL,
        joint TEXT NOT NULL,
        fault TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('raised', 'acknowledged', 'resolved')),
        raised_ms INTEGER NOT NULL,
        acknowledged_ms INTEGER,
        acknowledged_by TEXT,
        resolved_ms INTEGER,
        confidence REAL NOT NULL,
        anomaly REAL NOT NULL,
        by_hardware INTEGER NOT NULL,
        model TEXT,
        evidence TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE INDEX alerts_by_time ON alerts (raised_ms);
      CREATE INDEX alerts_by_state ON alerts (state, raised_ms);
    `);
  },
};
