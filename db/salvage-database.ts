/**
 * Read-only salvage of a damaged log: a private copy of the file (and its -wal) is read on its own
 * connection (a read error there cannot roll back the writes) and every table is copied into a
 * fresh Genba database, as far as SQLite can read it. A
 * table whose b-tree breaks is read again from its other end, so the rows after a bad page are
 * kept too. The original is never opened by SQLite.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseError } from './database-errors';
import { openDatabase } from './open-database';

export interface SalvagedTable {
  name: string;
  rows: number;
  /** The first read error, when the table could not be read to the end. */
  error?: string;
}

export interface SalvagedDatabase {
  /** A healthy Genba database holding what could be read; remove with `cleanup`. */
  path: string;
  tables: SalvagedTable[];
  cleanup: () => void;
}

export function salvageDatabase(source: string): SalvagedDatabase {
  if (!existsSync(source)) {
    throw new DatabaseError('database-open-failed', `There is no database at ${source}.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'genba-salvage-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'damaged.sqlite');
    copyFileSync(source, copy);
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${copy}-wal`);
    const path = join(dir, 'salvaged.sqlite');
    const { db } = openDatabase(path);
    let damaged: Database.Database | undefined;
    try {
      db.pragma('foreign_keys = OFF');
      damaged = new Database(copy, { readonly: true, fileMustExist: true });
      const tables = copyTables(damaged, db);
      return { path, tables, cleanup };
    } finally {
      damaged?.close();
      db.close();
    }
  } catch (error) {
    cleanup();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(
      'database-unreadable',
      `Nothing can be salvaged from ${source}: ${(error as Error).message}.`,
    );
  }
}

/** Ordinary tables of the fresh schema (virtual tables rebuild from them through triggers). */
function ownTables(db: Database.Database): string[] {
  const rows = db
    .prepare(
      "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )
    .all() as { name: string; sql: string }[];
  const virtual = rows.filter((r) => /^CREATE VIRTUAL/i.test(r.sql)).map((r) => r.name);
  return rows
    .filter((r) => !virtual.some((v) => r.name === v || r.name.startsWith(`${v}_`)))
    .map((r) => r.name);
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map(
    (c) => c.name,
  );
}

function copyTables(damaged: Database.Database, db: Database.Database): SalvagedTable[] {
  const damagedTables = new Set(
    damaged
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[],
  );
  const result: SalvagedTable[] = [];
  for (const name of ownTables(db)) {
    if (!damagedTables.has(name)) {
      result.push({ name, rows: 0, error: 'the table is missing' });
      continue;
    }
    const have = new Set(columnsOf(damaged, name));
    const cols = columnsOf(db, name)
      .filter((c) => have.has(c))
      .map((c) => `"${c}"`)
      .join(', ');
    const insert = db.prepare(
      `INSERT OR IGNORE INTO "${name}" (${cols}) VALUES (${cols
        .split(', ')
        .map(() => '?')
        .join(', ')})`,
    );
    const copied = db.transaction(() =>
      hasRowid(damaged, name)
        ? copyByRowid(damaged, name, cols, insert)
        : copyWhole(damaged, name, cols, insert),
    )();
    result.push({ name, ...copied });
  }
  return result;
}

type Insert = Database.Statement<unknown[]>;
type Copied = Omit<SalvagedTable, 'name'>;

const BATCH = 1000;

/** Copies in rowid order up to the first unreadable row, then from the last row backwards. */
function copyByRowid(
  damaged: Database.Database,
  name: string,
  cols: string,
  insert: Insert,
): Copied {
  const batch = (direction: 'forward' | 'back', limit: number) =>
    damaged
      .prepare(
        direction === 'forward'
          ? `SELECT rowid, ${cols} FROM "${name}" WHERE rowid > ? ORDER BY rowid LIMIT ${limit}`
          : `SELECT rowid, ${cols} FROM "${name}" WHERE rowid < ? ORDER BY rowid DESC LIMIT ${limit}`,
      )
      .raw();
  let rows = 0;
  let error: string | undefined;
  const copy = (direction: 'forward' | 'back', start: number, stopAt: number): number => {
    let at = start;
    let limit = BATCH;
    for (;;) {
      let got: unknown[][];
      try {
        got = batch(direction, limit).all(at) as unknown[][];
      } catch (e) {
        error ??= (e as Error).message;
        // One row at a time up to the damage, so a whole batch is not lost before it.
        if (limit > 1) {
          limit = 1;
          continue;
        }
        return at;
      }
      if (got.length === 0) return at;
      for (const [rowid, ...values] of got) {
        if (direction === 'back' && (rowid as number) <= stopAt) return at;
        // A damaged b-tree can lead back to rows already read: that is where reading stops.
        const onward = direction === 'forward' ? (rowid as number) > at : (rowid as number) < at;
        if (!onward) {
          error ??= `rows out of order after rowid ${at}`;
          return at;
        }
        at = rowid as number;
        try {
          rows += insert.run(...values).changes;
        } catch (e) {
          error ??= (e as Error).message;
        }
      }
    }
  };
  const reached = copy('forward', Number.MIN_SAFE_INTEGER, 0);
  if (error) copy('back', Number.MAX_SAFE_INTEGER, reached);
  return { rows, ...(error ? { error } : {}) };
}

function copyWhole(damaged: Database.Database, name: string, cols: string, insert: Insert): Copied {
  try {
    const got = damaged.prepare(`SELECT ${cols} FROM "${name}"`).raw().all() as unknown[][];
    let rows = 0;
    for (const values of got) rows += insert.run(...values).changes;
    return { rows };
  } catch (e) {
    return { rows: 0, error: (e as Error).message };
  }
}
function hasRowid(damaged: Database.Database, table: string): boolean {
  try {
    damaged.prepare(`SELECT rowid FROM "${table}" LIMIT 0`).all();
    return true;
  } catch {
    return false;
  }
}
