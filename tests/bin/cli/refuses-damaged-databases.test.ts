/**
 * Every command that opens a database refuses, with one line and a non-zero exit, a corrupt log,
 * someone else's SQLite file and a Genba log with a table missing, and leaves the file (and its
 * -wal) byte-for-byte as it was.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  corruptLog,
  fingerprint,
  foreignDatabase,
  logWithoutEvents,
} from '../../helpers/damaged-databases';
import { runGenba } from '../../helpers/genba-process';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

const files = [
  ['a corrupt log', corruptLog, /fails integrity check: [^*]/],
  ["someone else's SQLite file", foreignDatabase, /is not a Genba database/],
  ['a log without its events table', logWithoutEvents, /missing table events/],
] as const;

const commands: [string, (db: string, dir: string) => string[]][] = [
  ['demo', (db) => ['demo', '--db', db, '--minutes', '1', '--json']],
  ['consent', (db) => ['consent', '--db', db, '--enable', 'all']],
  [
    'sync',
    (db) => ['sync', '--db', db, '--endpoint', 'http://127.0.0.1:9', '--token', 't', '--once'],
  ],
  [
    'export',
    (db, dir) => ['export', '--db', db, '--format', 'json', '--out', join(dir, 'out.json')],
  ],
  ['serve', (db) => ['serve', '--db', db, '--port', '0', '--no-open', '--no-demo']],
];

describe('commands refuse databases that are not healthy Genba logs', () => {
  it.each(files)(
    '%s',
    async (_, make, reason) => {
      const dir = tempDir();
      const db = make(dir);
      const before = fingerprint(db);
      for (const [name, args] of commands) {
        const result = await runGenba(args(db, dir), 60_000);
        expect({ name, code: result.code }).toEqual({ name, code: 1 });
        const lines = result.stderr.trim().split('\n');
        expect(lines, name).toHaveLength(1);
        expect(lines[0], name).toMatch(reason);
        expect(fingerprint(db), name).toEqual(before);
      }
    },
    300_000,
  );

  it('export --salvage copies out the readable part of a corrupt log, leaving it unchanged', async () => {
    const dir = tempDir();
    const db = corruptLog(dir, { from: 0.5, every: 7 });
    const before = fingerprint(db);
    const out = join(dir, 'events.json');
    const result = await runGenba(
      ['export', '--db', db, '--format', 'json', '--out', out, '--salvage', '--json'],
      60_000,
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { rows: number; path: string };
    expect(summary.path).toBe(out);
    // The log holds 3,000 events; the flipped pages cost some of them, not all.
    expect(summary.rows).toBeGreaterThan(0);
    expect(summary.rows).toBeLessThan(3000);
    expect(result.stderr).toMatch(/^Salvage: table events read only in part/m);
    expect(fingerprint(db)).toEqual(before);
  }, 120_000);
});
