import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 1: initial schema', () => {
  it('creates settings, robots, events with their FTS5 index and triggers, and the audit trail', () => {
    expect(whatMigrationAdds(tempDir(), 1)).toEqual({
      objects: [
        'index audit_by_time',
        'index events_by_robot_time',
        'index events_by_time',
        'table audit',
        'table events',
        'table events_fts',
        'table events_fts_config',
        'table events_fts_data',
        'table events_fts_docsize',
        'table events_fts_idx',
        'table robots',
        'table settings',
        'trigger events_fts_delete',
        'trigger events_fts_insert',
        'trigger events_fts_update',
      ],
      addedColumns: {},
    });
  });

  it('gives each table its columns', () => {
    const { db } = freshAt(tempDir(), 1);
    expect(columns(db, 'settings')).toEqual(['key', 'value', 'updated_ms']);
    expect(columns(db, 'robots')).toEqual([
      'id',
      'name',
      'profile',
      'identity',
      'settings',
      'created_ms',
      'last_seen_ms',
    ]);
    expect(columns(db, 'events')).toEqual([
      'id',
      't_ms',
      'robot_id',
      'kind',
      'severity',
      'user',
      'text',
      'data',
    ]);
    expect(columns(db, 'audit')).toEqual([
      'id',
      't_ms',
      'actor',
      'action',
      'target',
      'before',
      'after',
    ]);
    db.close();
  });

  it('keeps the trigram index in step with events, so Japanese text is found without spaces', () => {
    const { db } = freshAt(tempDir(), 1);
    const insert = db.prepare(
      "INSERT INTO events (t_ms, kind, severity, text) VALUES (?, 'fault', 'error', ?)",
    );
    const id = Number(insert.run(1, '関節2が過熱しました').lastInsertRowid);
    insert.run(2, 'gripper opened');
    const match = (q: string) =>
      (
        db.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ?').all(q) as {
          rowid: number;
        }[]
      ).map((row) => row.rowid);
    expect(match('過熱し')).toEqual([id]);
    db.prepare('UPDATE events SET text = ? WHERE id = ?').run('通信が途切れました', id);
    expect(match('過熱し')).toEqual([]);
    expect(match('途切れ')).toEqual([id]);
    db.prepare('DELETE FROM events WHERE id = ?').run(id);
    expect(match('途切れ')).toEqual([]);
    db.close();
  });

  it('recognises a robot by one identity only', () => {
    const { db } = freshAt(tempDir(), 1);
    const add = db.prepare(
      "INSERT INTO robots (id, name, profile, identity, created_ms) VALUES (?, 'Arm', 'openmanipulator-x', 'usb:FT1', 0)",
    );
    add.run('a');
    expect(() => add.run('b')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT settings FROM robots').pluck().get()).toBe('{}');
    db.close();
  });
});
