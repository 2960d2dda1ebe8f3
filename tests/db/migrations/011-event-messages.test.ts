import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../db/repositories/events-repository';
import { messageEvent, EVENT_WORDS } from '../../../native/domain';
import { useTempDir } from '../../helpers/temp-dir';
import { freshAt, upgradeTo, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 11: event messages', () => {
  it('adds the message and its Japanese rendering to events, and no tables', () => {
    expect(whatMigrationAdds(tempDir(), 11)).toEqual({
      objects: [],
      addedColumns: { events: ['message', 'text_ja'] },
    });
  });

  it('keeps the events of an older log searchable as before', () => {
    const dir = tempDir();
    const before = freshAt(dir, 10);
    before.db
      .prepare(
        "INSERT INTO events (t_ms, kind, severity, text) VALUES (1, 'alert', 'warning', '関節2が過熱しています')",
      )
      .run();
    before.db.close();
    const after = upgradeTo(`${dir}/fresh.sqlite`, 11);
    const events = new EventsRepository(after.db);
    expect(events.query({ text: '過熱して' }).map((e) => e.message)).toEqual([null]);
    expect(events.query({ text: '過熱' })).toHaveLength(1);
    after.db.close();
  });

  it('finds a coded event by words of either language, and forgets it when deleted', () => {
    const { db } = freshAt(tempDir(), 11);
    const events = new EventsRepository(db);
    const saved = events.append({
      tMs: 1,
      kind: 'task',
      severity: 'info',
      ...messageEvent('task.ended', { outcome: EVENT_WORDS.taskOutcome.aborted, task: 'pick' }),
    });
    expect(saved.text).toBe('Task aborted: pick');
    expect(events.query({ text: 'aborted' }).map((e) => e.id)).toEqual([saved.id]);
    // Three characters and more go through FTS, two through the bigram index.
    expect(events.query({ text: 'タスク中止' }).map((e) => e.id)).toEqual([saved.id]);
    expect(events.query({ text: '中止' }).map((e) => e.id)).toEqual([saved.id]);
    expect(events.query({})[0]!.message).toEqual(saved.message);

    db.prepare('DELETE FROM events WHERE id = ?').run(saved.id);
    expect(events.query({ text: 'タスク中止' })).toEqual([]);
    expect(events.query({ text: '中止' })).toEqual([]);
    // What Genba's damaged-database check runs: the two-language index is not taken for damage.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('reads a message of a code it does not know as none, keeping the text', () => {
    const { db } = freshAt(tempDir(), 11);
    db.prepare(
      `INSERT INTO events (t_ms, kind, severity, text, message) VALUES (1, 'system', 'info', 'From a newer Genba', '{"code":"future.thing","params":{}}')`,
    ).run();
    db.prepare(
      `INSERT INTO events (t_ms, kind, severity, text, message) VALUES (2, 'system', 'info', 'Damaged', 'not json')`,
    ).run();
    const read = new EventsRepository(db).query({});
    expect(read.map((e) => [e.text, e.message])).toEqual([
      ['Damaged', null],
      ['From a newer Genba', null],
    ]);
    db.close();
  });
});
