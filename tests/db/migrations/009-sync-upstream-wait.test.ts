import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 9: sync upstream wait', () => {
  it('creates the one-row table of the upstream wait', () => {
    expect(whatMigrationAdds(tempDir(), 9)).toEqual({
      objects: ['table sync_upstream_wait'],
      addedColumns: {},
    });
    const { db } = freshAt(tempDir(), 9);
    expect(columns(db, 'sync_upstream_wait')).toEqual(['id', 'not_before_ms', 'status', 'set_ms']);
    db.close();
  });

  it('holds at most one row and refuses a missing time', () => {
    const { db } = freshAt(tempDir(), 9);
    const insert = db.prepare(
      'INSERT INTO sync_upstream_wait (id, not_before_ms, status, set_ms) VALUES (?, ?, ?, ?)',
    );
    insert.run(1, 5000, 429, 1000);
    expect(() => insert.run(2, 5000, 429, 1000)).toThrow(/CHECK/);
    expect(() => insert.run(1, 6000, 503, 1000)).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db.prepare('UPDATE sync_upstream_wait SET not_before_ms = NULL WHERE id = 1').run(),
    ).toThrow(/NOT NULL/);
    db.close();
  });
});
