import type { Migration } from './migration';

/**
 * Donation (sync) state: per-category consent, donation periods with their pseudonym keys, the
 * outbox of anonymized records, the k-anonymity hold, upload batches (also the upload history)
 * and the sweep cursors over local sources.
 */
export const syncOutboxSchema: Migration = {
  version: 5,
  name: 'sync outbox, consent and donation periods',
  up(db) {
    db.exec(`
      CREATE TABLE sync_consent (
        category TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        changed_ms INTEGER NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;

      -- One row per donation period. key is the random HMAC key for robot pseudonyms; it is
      -- overwritten and set to NULL when the period closes (with secure_delete on).
      CREATE TABLE sync_periods (
        id INTEGER PRIMARY KEY,
        started_ms INTEGER NOT NULL,
        ends_ms INTEGER NOT NULL,
        key BLOB,
        closed_ms INTEGER
      ) STRICT;

      -- Anonymized, dictionary-checked NDJSON lines waiting to leave (or already sent).
      -- pending -> in-flight (batch_id recorded before the PUT) -> sent | quarantined.
      CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY,
        category TEXT NOT NULL,
        kind TEXT NOT NULL,
        line TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'in-flight', 'sent', 'quarantined')),
        batch_id TEXT
      ) STRICT;
      CREATE INDEX sync_outbox_by_state ON sync_outbox (state, priority, id);
      CREATE INDEX sync_outbox_by_batch ON sync_outbox (batch_id);

      -- A batch's id is the sha256 of its uncompressed body, recorded before it is sent.
      CREATE TABLE sync_batches (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('in-flight', 'sent', 'quarantined')),
        created_ms INTEGER NOT NULL,
        records INTEGER NOT NULL,
        raw_bytes INTEGER NOT NULL,
        gzip_bytes INTEGER,
        categories TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status INTEGER,
        last_error TEXT,
        finished_ms INTEGER
      ) STRICT;
      CREATE INDEX sync_batches_by_state ON sync_batches (state, created_ms);

      -- Records whose quasi-identifier combination has been seen fewer than k times so far.
      CREATE TABLE sync_held (
        id INTEGER PRIMARY KEY,
        period_id INTEGER NOT NULL,
        combo TEXT NOT NULL,
        category TEXT NOT NULL,
        kind TEXT NOT NULL,
        line TEXT NOT NULL,
        priority INTEGER NOT NULL,
        bucket_end_ms INTEGER NOT NULL,
        created_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sync_held_by_combo ON sync_held (period_id, combo);
      CREATE INDEX sync_held_by_bucket ON sync_held (bucket_end_ms);

      CREATE TABLE sync_qi_counts (
        period_id INTEGER NOT NULL,
        combo TEXT NOT NULL,
        seen INTEGER NOT NULL,
        PRIMARY KEY (period_id, combo)
      ) STRICT, WITHOUT ROWID;

      -- Records withheld because their combination stayed rarer than k (counted, shown to the admin).
      CREATE TABLE sync_withheld (
        category TEXT PRIMARY KEY,
        records INTEGER NOT NULL
      ) STRICT;

      -- How far the periodic sweep has read each local source.
      CREATE TABLE sync_cursors (
        source TEXT PRIMARY KEY,
        position TEXT NOT NULL
      ) STRICT;
    `);
  },
};
