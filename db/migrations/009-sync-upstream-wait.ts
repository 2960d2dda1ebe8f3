import type { Migration } from './migration';

/**
 * The upstream's last "not before" (a capped Retry-After): kept in the database so a restart of
 * the app or another `genba sync --once` honours it instead of asking again at once.
 */
export const syncUpstreamWait: Migration = {
  version: 9,
  name: 'sync upstream wait',
  up(db) {
    db.exec(`
      CREATE TABLE sync_upstream_wait (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        not_before_ms INTEGER NOT NULL,
        status INTEGER,
        set_ms INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
