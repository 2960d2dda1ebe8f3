/** Databases Genba must refuse to write to, made for tests, and a fingerprint to prove it did not. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/open-database';

/** sha256 of a file and of its -wal ("-" when absent). */
export function fingerprint(path: string): string[] {
  return [path, `${path}-wal`].map((p) =>
    existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : '-',
  );
}

/** A Genba log with a few thousand events, checkpointed into the main file. */
export function genbaLog(dir: string, name = 'genba.sqlite'): string {
  const path = join(dir, name);
  const { db } = openDatabase(path);
  const insert = db.prepare(
    "INSERT INTO events (t_ms, robot_id, kind, severity, text) VALUES (?, NULL, 'note', 'info', ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(i, `note ${i} about the left arm's wrist`);
  })();
  db.close();
  return path;
}

/**
 * A Genba log with bytes flipped inside every `every`-th page from `from` (a fraction of the
 * file) on; the default also hits the schema's pages, so nothing can be read at all.
 */
export function corruptLog(dir: string, { from = 0, every = 3 } = {}): string {
  const path = genbaLog(dir, 'corrupt.sqlite');
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16);
  const pages = bytes.length / pageSize;
  for (let page = Math.max(2, Math.floor(pages * from)); page < pages; page += every) {
    for (let k = 0; k < 64; k++) {
      const at = page * pageSize + 8 + k * 7;
      bytes[at] = (bytes[at] ?? 0) ^ 0x5a;
    }
  }
  writeFileSync(path, bytes);
  return path;
}

/** Someone else's SQLite file: an inventory with one table. */
export function foreignDatabase(dir: string): string {
  const path = join(dir, 'inventory.sqlite');
  const other = new Database(path);
  other.exec(
    "CREATE TABLE parts (sku TEXT PRIMARY KEY, qty INTEGER); INSERT INTO parts VALUES ('a', 1)",
  );
  other.close();
  return path;
}

/** A Genba log whose events table was dropped. */
export function logWithoutEvents(dir: string): string {
  const path = genbaLog(dir, 'no-events.sqlite');
  const raw = new Database(path);
  raw.exec('DROP TABLE events');
  raw.close();
  return path;
}
