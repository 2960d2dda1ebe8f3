import type { Migration } from './migration';

/**
 * Donation outbox at 100k records/s: many anonymized lines of one kind share an outbox row (a
 * chunk, `records` lines), and the lines live in `sync_payloads`, written once and never
 * updated. A state change (pending → in-flight → sent) then rewrites one small row per chunk
 * instead of every record's full text. Rows from before this step keep their single line in
 * `sync_outbox.line` (readers take the payload when there is one, else that column).
 */
export const syncOutboxChunks: Migration = {
  version: 7,
  name: 'sync outbox chunks with payloads apart from their state',
  up(db) {
    db.exec(`
      ALTER TABLE sync_outbox ADD COLUMN records INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE sync_payloads (
        id INTEGER PRIMARY KEY,
        lines TEXT NOT NULL
      ) STRICT;
    `);
  },
};
