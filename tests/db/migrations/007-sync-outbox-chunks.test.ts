import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, upgradeTo, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 7: sync outbox chunks with payloads apart from their state', () => {
  it('adds records to the outbox and creates the payload table', () => {
    expect(whatMigrationAdds(tempDir(), 7)).toEqual({
      objects: ['table sync_payloads'],
      addedColumns: { sync_outbox: ['records'] },
    });
  });

  it('counts a row queued before it as one record, and keeps its line', () => {
    const dir = tempDir();
    const old = freshAt(dir, 6);
    old.db
      .prepare(
        "INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms) VALUES ('task-outcomes', 'task_outcome', '{\"kind\":\"task_outcome\"}', 23, 2, 0)",
      )
      .run();
    old.db.close();

    const { db } = upgradeTo(`${dir}/fresh.sqlite`, 7);
    expect(db.prepare('SELECT records, line FROM sync_outbox').get()).toEqual({
      records: 1,
      line: '{"kind":"task_outcome"}',
    });
    expect(columns(db, 'sync_payloads')).toEqual(['id', 'lines']);
    db.close();
  });
});
