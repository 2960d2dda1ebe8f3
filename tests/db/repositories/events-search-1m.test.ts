import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { bigramInsertSql } from '../../../db/migrations/006-event-bigrams';
import { openDatabase } from '../../../db/open-database';
import { EventsRepository } from '../../../db/repositories/events-repository';

/**
 * Functional search over a million events (timing is the benchmark's job): short filler rows
 * like a busy facility's state changes, and a few needles in Japanese and English.
 */
const N = 1_000_000;
const BASE = Date.UTC(2026, 0, 1);
const NEEDLES: Record<number, { text: string; kind: string; severity: string; robot: string }> = {
  12_345: {
    text: '関節2が過熱しています。運転を止めて冷ましてください。',
    kind: 'alert',
    severity: 'warning',
    robot: 'arm-1',
  },
  400_000: {
    text: 'さくらの関節2が過熱して停止しました',
    kind: 'fault',
    severity: 'error',
    robot: 'arm-1',
  },
  777_777: {
    text: 'Joint 3 overload: the arm is carrying too much weight',
    kind: 'fault',
    severity: 'error',
    robot: 'arm-2',
  },
  999_000: {
    text: 'Operator note: OVERLOAD cleared after reboot; グリッパー点検済み',
    kind: 'operator',
    severity: 'info',
    robot: 'arm-2',
  },
};
const FILLER = ['State: ready', 'State: running', 'Task ok', '状態: 待機', '状態: 運転中'];
const KINDS = ['state', 'task', 'connection', 'state', 'task'];

let dir: string;
let db: Database;
let events: EventsRepository;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genba-1m-'));
  // The real schema (migrations, FTS triggers), in memory: this test is about results, and a
  // million-row WAL on a slow shared disk would only measure the disk.
  db = openDatabase(':memory:').db;
  const insert = db.prepare(
    'INSERT INTO events (id, t_ms, robot_id, kind, severity, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Bulk load as an import would: index the text in one FTS rebuild instead of row by row.
  db.exec(
    'DROP TRIGGER events_fts_insert; DROP TRIGGER events_keep_window; DROP TRIGGER events_bigrams_insert;',
  );
  db.transaction(() => {
    for (let i = 1; i <= N; i++) {
      const needle = NEEDLES[i];
      if (needle)
        insert.run(i, BASE + i * 1000, needle.robot, needle.kind, needle.severity, needle.text);
      else
        insert.run(
          i,
          BASE + i * 1000,
          `arm-${i % 3}`,
          KINDS[i % 5],
          i % 97 ? 'info' : 'warning',
          FILLER[i % 5],
        );
    }
  })();
  db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
  db.exec(bigramInsertSql('1'));
  events = new EventsRepository(db);
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('event search at 1,000,000 rows', () => {
  it('has them all', () => {
    expect(events.count()).toBe(N);
  });

  it('finds a Japanese phrase inside unspaced sentences (trigram)', () => {
    expect(events.query({ text: '過熱して' }).map((e) => e.id)).toEqual([400_000, 12_345]);
  });

  it('finds two-character Japanese queries (short-query fallback)', () => {
    expect(events.query({ text: '過熱' }).map((e) => e.id)).toEqual([400_000, 12_345]);
    expect(events.query({ text: '点検' }).map((e) => e.id)).toEqual([999_000]);
  });

  it('answers two-character Japanese queries from the bigram index, not a scan', () => {
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT e.id FROM events_bigrams b JOIN events e ON e.id = b.event_id WHERE b.gram = ? ORDER BY b.event_id DESC LIMIT 200',
      )
      .all('過熱') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/SEARCH b USING PRIMARY KEY/);
    expect(events.query({ text: '過熱', kinds: ['alert'] }).map((e) => e.id)).toEqual([12_345]);
    expect(events.query({ text: '過熱', robotId: 'arm-2' })).toEqual([]);
    const first = events.query({ text: '過熱', limit: 1 });
    expect(
      events.query({ text: '過熱', limit: 1, beforeId: first[0]!.id }).map((e) => e.id),
    ).toEqual([12_345]);
  });

  it('finds English words case-insensitively, combined with filters', () => {
    expect(events.query({ text: 'overload' }).map((e) => e.id)).toEqual([999_000, 777_777]);
    expect(events.query({ text: 'overload', kinds: ['fault'] }).map((e) => e.id)).toEqual([
      777_777,
    ]);
    expect(events.query({ text: 'overload', robotId: 'arm-1' })).toEqual([]);
    expect(
      events
        .query({ text: 'OVERLOAD', fromMs: BASE + 800_000_000, toMs: BASE + 1_000_000_000 })
        .map((e) => e.id),
    ).toEqual([999_000]);
  });

  it('filters by kind, severity, robot and time with cursor paging', () => {
    const faults = events.query({ kinds: ['fault'], limit: 10 });
    expect(faults.map((e) => e.id)).toEqual([777_777, 400_000]);
    const page1 = events.query({ severities: ['warning'], robotId: 'arm-1', limit: 50 });
    expect(page1).toHaveLength(50);
    const page2 = events.query({
      severities: ['warning'],
      robotId: 'arm-1',
      limit: 50,
      beforeId: page1.at(-1)!.id,
    });
    expect(page2[0]!.id).toBeLessThan(page1.at(-1)!.id);
    expect(new Set([...page1, ...page2].map((e) => e.robotId))).toEqual(new Set(['arm-1']));
    const range = events.query({
      fromMs: BASE + 500_000 * 1000,
      toMs: BASE + 500_010 * 1000,
      limit: 100,
    });
    expect(range.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => 500_009 - i));
  });
});
