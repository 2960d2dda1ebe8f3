/**
 * Whether a file is Genba's own, healthy database, decided before SQLite may write to it: the
 * SQLite header (read as bytes), then a read-only connection for `quick_check` and the tables.
 * Someone else's SQLite file, a corrupt log and a Genba log with a table missing are refused with
 * one line naming the reason, and are left exactly as they were.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { DatabaseError } from './database-errors';
import { GENBA_APPLICATION_ID } from './migrations/010-application-id';
import type { Migration } from './migrations/migration';

export interface FileHeader {
  /** No file, or a zero-length one: SQLite makes it a new database. */
  empty: boolean;
  userVersion: number;
}

/** The 100-byte SQLite header, read before SQLite opens the file: user_version at offset 60. */
export function readHeader(path: string): FileHeader {
  if (!existsSync(path)) return { empty: true, userVersion: 0 };
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 0) return { empty: true, userVersion: 0 };
  if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
    throw notGenba(path, 'not an SQLite file');
  }
  return { empty: false, userVersion: header.readUInt32BE(60) };
}

export function notGenba(path: string, why: string): DatabaseError {
  return new DatabaseError(
    'not-a-database',
    `${path} is not a Genba database (${why}). Choose another file; this one was not changed.`,
  );
}

const expectedTables = new WeakMap<readonly Migration[], Map<number, string[]>>();

/** The tables migrations 1…version create, found by running them on an in-memory database. */
function tablesAt(steps: readonly Migration[], version: number): string[] {
  let byVersion = expectedTables.get(steps);
  if (!byVersion) expectedTables.set(steps, (byVersion = new Map<number, string[]>()));
  const cached = byVersion.get(version);
  if (cached) return cached;
  const scratch = new Database(':memory:');
  try {
    for (const step of steps) if (step.version <= version) step.up(scratch);
    const tables = tableNames(scratch);
    byVersion.set(version, tables);
    return tables;
  } finally {
    scratch.close();
  }
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
}

/**
 * Refuses, with a one-line DatabaseError, a non-empty SQLite file that is not a healthy Genba
 * database. An SQLite file with no tables and no versions passes: it becomes a new database.
 * `path` is the name shown (a read-only open checks its private copy, `file`).
 * The versions come from the connection, not the header bytes: after a crash the stamped page 1
 * may still be in the -wal. Opens `path` read-only; nothing is written to it or its -wal.
 */
export function checkGenbaDatabase(
  file: string,
  steps: readonly Migration[],
  latest: number,
  path = file,
): void {
  // A read-only connection to a WAL file makes an empty -wal and -shm if there were none: a
  // refused file gets them removed again, so nothing new is left beside it.
  const sideFiles = [`${file}-wal`, `${file}-shm`].filter((p) => !existsSync(p));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    if (applicationId !== 0 && applicationId !== GENBA_APPLICATION_ID) {
      throw notGenba(
        path,
        `application id 0x${(applicationId >>> 0).toString(16).padStart(8, '0')}`,
      );
    }
    if (userVersion > latest) return; // the caller refuses it as written by a newer Genba
    const check = (db.pragma('quick_check(3)') as { quick_check: string }[]).flatMap((row) =>
      row.quick_check.split('\n'),
    );
    if (check[0] !== 'ok') {
      // The first line may only say which schema ("*** in database main ***").
      throw corrupt(path, check.find((line) => !line.startsWith('***')) ?? check.join(' '));
    }
    const tables = new Set(tableNames(db));
    if (applicationId === 0 && userVersion === 0) {
      if (tables.size === 0) return;
      throw notGenba(path, `its tables are ${[...tables].slice(0, 3).join(', ')}…`);
    }
    const expected = tablesAt(steps, userVersion);
    const missing = expected.filter((t) => !tables.has(t));
    // Before application_id was stamped, a Genba log is known by its tables.
    if (applicationId === 0 && missing.length * 2 > expected.length) {
      throw notGenba(path, `schema version ${userVersion} without Genba's tables`);
    }
    if (missing.length > 0) {
      throw new DatabaseError(
        'database-incomplete',
        `The database ${path} is damaged: missing table ${missing.join(', ')}. Restore it from a backup; this file was not changed.`,
      );
    }
  } catch (error) {
    db?.close();
    db = undefined;
    removeIfEmpty(sideFiles);
    if (error instanceof DatabaseError) throw error;
    throw corrupt(path, (error as Error).message);
  } finally {
    db?.close();
  }
}

function removeIfEmpty(created: string[]): void {
  const wal = created.find((p) => p.endsWith('-wal'));
  if (wal && existsSync(wal) && statSync(wal).size > 0) return;
  for (const p of created) rmSync(p, { force: true });
}

function corrupt(path: string, detail: string): DatabaseError {
  return new DatabaseError(
    'database-corrupt',
    `The database ${path} fails integrity check: ${detail.split('\n')[0]}. It was not changed; \`genba export --salvage\` copies out what can still be read.`,
  );
}
