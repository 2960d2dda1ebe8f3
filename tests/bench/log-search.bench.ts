/**
 * Event search and filters over 1,000,000 events (the real schema: FTS5 trigram + indexes).
 * Reference: the same word found by a plain LIKE scan of the table.
 * `node --import tsx tests/bench/log-search.bench.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigramInsertSql } from '../../db/migrations/006-event-bigrams';
import { openDatabase } from '../../db/open-database';
import { EventsRepository } from '../../db/repositories/events-repository';
import type { EventQuery } from '../../electron/shared/contract';

const N = 1_000_000;
const T0 = Date.UTC(2026, 0, 1);
const dir = mkdtempSync(join(tmpdir(), 'genba-bench-search-'));
const { db } = openDatabase(join(dir, 'events.sqlite'));
const TEXTS: [string, string, string][] = [
  ['state', 'info', 'State: running'],
  ['state', 'info', 'State: ready'],
  ['task', 'info', 'Task started: 棚入れ B3 (stock shelf B3)'],
  ['task', 'info', 'Task succeeded: ピッキング A1 (pick A1)'],
  ['connection', 'warning', 'USB link lost: the robot stopped answering (cable unplugged?)'],
  ['connection', 'info', 'Robot reconnected after the USB cable was replugged'],
  [
    'alert',
    'warning',
    'joint2 is hot (61 °C): joint2が過熱しています。運転を止めて冷ましてください。',
  ],
  ['alert', 'warning', 'Supply voltage sag: 10.8 V（電源電圧の低下）'],
  [
    'fault',
    'error',
    'joint3 hardware error 32 (overload): torque off. joint3でエラーが発生し、トルクが切れました。',
  ],
  ['operator', 'info', 'Shelf B3 restocked; Kaede paused twice for pallets in the aisle.'],
];
// Weights: mostly state and task rows, few faults (like a real log).
const WEIGHTS = [300, 300, 150, 150, 20, 20, 25, 15, 5, 15];
const pick: number[] = WEIGHTS.flatMap((w, i) => Array<number>(w).fill(i));

const started = performance.now();
db.exec(
  'DROP TRIGGER events_fts_insert; DROP TRIGGER events_keep_window; DROP TRIGGER events_bigrams_insert;',
);
const insert = db.prepare(
  'INSERT INTO events (t_ms, robot_id, kind, severity, user, text) VALUES (?, ?, ?, ?, ?, ?)',
);
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const [kind, severity, text] = TEXTS[pick[(i * 7919) % pick.length]!]!;
    // 20 rare rows: a word that appears almost nowhere (the hard case for a scan).
    const rare = i % 50_000 === 49_999;
    insert.run(
      T0 + i * 600,
      `arm-${i % 3}`,
      rare ? 'alert' : kind,
      severity,
      kind === 'operator' ? 'Sato' : null,
      rare ? `Conveyor jam at station 4（コンベア詰まり） #${i}` : `${text} #${i}`,
    );
  }
})();
db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
db.exec(bigramInsertSql('1'));
db.exec('ANALYZE');
console.log(
  `built ${N.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const events = new EventsRepository(db);
function time(label: string, fn: () => number, runs = 7): number {
  fn();
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    n = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  console.log(`${label.padEnd(58)} ${median.toFixed(1).padStart(7)} ms  (${n} rows)`);
  return median;
}
const q = (query: EventQuery) => () => events.query(query).length;
const like = db.prepare(
  "SELECT id FROM events WHERE text LIKE '%conveyor%' ORDER BY id DESC LIMIT 200",
);
const reference = time('reference: LIKE scan of the table for "conveyor"', () => like.all().length);
const word = time('search "conveyor" (FTS trigram; 20 matches)', q({ text: 'conveyor' }));
time('search "overload" (FTS; ~5,000 matches, newest 200)', q({ text: 'overload' }));
time('search "詰まり" (Japanese, FTS)', q({ text: '詰まり' }));
time('search "過熱して" (Japanese, FTS)', q({ text: '過熱して' }));
time(
  'search "unplugged" + robot arm-1 + last day',
  q({ text: 'unplugged', robotId: 'arm-1', fromMs: T0 + N * 600 - 86_400_000 }),
);
// Two characters: the trigram index cannot answer; the bigram side index (migration 006) does.
const likeOf = (word: string) => {
  const stmt = db.prepare('SELECT id FROM events WHERE text LIKE ? ORDER BY id DESC LIMIT 200');
  return () => stmt.all(`%${word}%`).length;
};
time('reference: LIKE scan for "過熱" (2 characters, common)', likeOf('過熱'));
time('search "過熱" (2 characters: bigram index, common)', q({ text: '過熱' }));
const rareLike = time(
  'reference: LIKE scan for "詰ま" (2 characters, rare = full scan)',
  likeOf('詰ま'),
);
const rareBigram = time('search "詰ま" (2 characters: bigram index, rare)', q({ text: '詰ま' }));
time('search "詰ま" + robot arm-1 (bigram index)', q({ text: '詰ま', robotId: 'arm-1' }));
const bigramRows = (db.prepare('SELECT count(*) AS n FROM events_bigrams').get() as { n: number })
  .n;
time('filter kind = fault (newest 200)', q({ kinds: ['fault'] }));
time('filter severity = error, robot arm-2', q({ severities: ['error'], robotId: 'arm-2' }));
time(
  'time range (one hour in the middle)',
  q({ fromMs: T0 + 300_000_000, toMs: T0 + 303_600_000 }),
);
const page = events.query({ kinds: ['alert'], limit: 200 });
time(
  'next page (cursor beforeId) of kind = alert',
  q({ kinds: ['alert'], beforeId: page.at(-1)!.id }),
);
console.log(
  `word search ${(reference / word).toFixed(1)}× faster than the LIKE scan; target < 50 ms`,
);
console.log(
  `2-character rare word: bigram index ${rareBigram.toFixed(1)} ms vs LIKE scan ${rareLike.toFixed(1)} ms ` +
    `(${(rareLike / rareBigram).toFixed(0)}×); target < 50 ms; side index ${bigramRows.toLocaleString('en')} rows`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
