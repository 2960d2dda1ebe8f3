import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 5: sync outbox, consent and donation periods', () => {
  it('creates consent, periods, outbox, batches, the k-anonymity hold and counts, withheld and cursors', () => {
    expect(whatMigrationAdds(tempDir(), 5)).toEqual({
      objects: [
        'index sync_batches_by_state',
        'index sync_held_by_bucket',
        'index sync_held_by_combo',
        'index sync_outbox_by_batch',
        'index sync_outbox_by_state',
        'table sync_batches',
        'table sync_consent',
        'table sync_cursors',
        'table sync_held',
        'table sync_outbox',
        'table sync_periods',
        'table sync_qi_counts',
        'table sync_withheld',
      ],
      addedColumns: {},
    });
  });

  it('gives the outbox and the batches their columns', () => {
    const { db } = freshAt(tempDir(), 5);
    expect(columns(db, 'sync_outbox')).toEqual([
      'id',
      'category',
      'kind',
      'line',
      'bytes',
      'priority',
      'created_ms',
      'state',
      'batch_id',
    ]);
    expect(columns(db, 'sync_batches')).toEqual([
      'id',
      'state',
      'created_ms',
      'records',
      'raw_bytes',
      'gzip_bytes',
      'categories',
      'attempts',
      'last_status',
      'last_error',
      'finished_ms',
    ]);
    expect(columns(db, 'sync_periods')).toEqual([
      'id',
      'started_ms',
      'ends_ms',
      'key',
      'closed_ms',
    ]);
    db.close();
  });

  it('queues a record as pending and allows only the outbox states', () => {
    const { db } = freshAt(tempDir(), 5);
    const add = db.prepare(
      "INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms, state) VALUES ('fault-episodes', 'fault_episode', '{}', 2, 1, 0, coalesce(?, 'pending'))",
    );
    add.run(null);
    expect(db.prepare('SELECT state, batch_id FROM sync_outbox').get()).toEqual({
      state: 'pending',
      batch_id: null,
    });
    for (const state of ['in-flight', 'sent', 'quarantined']) add.run(state);
    expect(() => add.run('lost')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO sync_consent (category, enabled, changed_ms, actor) VALUES ('telemetry-rollups', 2, 0, 'admin')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
