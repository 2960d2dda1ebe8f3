import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { freshAt, upgradeTo, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

const gramsOf = (db: Database, id: number) =>
  (
    db.prepare('SELECT gram FROM events_bigrams WHERE event_id = ? ORDER BY gram').all(id) as {
      gram: string;
    }[]
  ).map((row) => row.gram);

describe('migration 6: two-character search index for events', () => {
  it('creates the bigram table, the position table and the triggers that keep it current', () => {
    expect(whatMigrationAdds(tempDir(), 6)).toEqual({
      objects: [
        'table events_bigram_positions',
        'table events_bigrams',
        'trigger events_bigrams_delete',
        'trigger events_bigrams_insert',
        'trigger events_bigrams_update',
      ],
      addedColumns: {},
    });
  });

  it('indexes the events already there: non-ASCII grams only, lower-cased', () => {
    const dir = tempDir();
    const old = freshAt(dir, 5);
    const insert = old.db.prepare(
      "INSERT INTO events (t_ms, kind, severity, text) VALUES (0, 'fault', 'error', ?)",
    );
    const ja = Number(insert.run('過熱A').lastInsertRowid);
    const en = Number(insert.run('Overheat').lastInsertRowid);
    old.db.close();

    const { db } = upgradeTo(`${dir}/fresh.sqlite`, 6);
    expect(gramsOf(db, ja)).toEqual(['熱a', '過熱']);
    expect(gramsOf(db, en)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM events_bigram_positions').pluck().get()).toBe(2000);
    db.close();
  });

  it('follows inserts, text updates and deletes', () => {
    const { db } = freshAt(tempDir(), 6);
    const id = Number(
      db
        .prepare(
          "INSERT INTO events (t_ms, kind, severity, text) VALUES (0, 'state', 'info', '停止')",
        )
        .run().lastInsertRowid,
    );
    expect(gramsOf(db, id)).toEqual(['停止']);
    db.prepare("UPDATE events SET text = '再開' WHERE id = ?").run(id);
    expect(gramsOf(db, id)).toEqual(['再開']);
    db.prepare('DELETE FROM events WHERE id = ?').run(id);
    expect(gramsOf(db, id)).toEqual([]);
    db.close();
  });
});
