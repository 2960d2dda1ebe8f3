/**
 * What one migration adds to a fresh database: the schema objects (tables, indexes, triggers)
 * that exist after migrations 1…N and not after 1…N−1, and the columns it gives a table that
 * was already there.
 */
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { migrations } from '../../../db/migrations/index';
import { openDatabase, type OpenedDatabase } from '../../../db/open-database';

/** A fresh database at schema `version` (migrations 1…version). */
export function freshAt(dir: string, version: number, file = 'fresh.sqlite'): OpenedDatabase {
  return openDatabase(join(dir, file), { migrations: migrations.slice(0, version) });
}

/** Carries an open database on to `version` (close it first: openDatabase owns the file). */
export function upgradeTo(path: string, version: number): OpenedDatabase {
  return openDatabase(path, { migrations: migrations.slice(0, version) });
}

function objects(db: Database): Set<string> {
  const rows = db
    .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    .all() as { type: string; name: string }[];
  return new Set(rows.map((row) => `${row.type} ${row.name}`));
}

export function columns(db: Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
    (column) => column.name,
  );
}

/**
 * `type name` of every object migration `version` creates (FTS5 shadow tables included),
 * sorted, and the columns it adds to tables that existed before it.
 */
export function whatMigrationAdds(
  dir: string,
  version: number,
): { objects: string[]; addedColumns: Record<string, string[]> } {
  const before = freshAt(dir, version - 1, 'before.sqlite');
  const after = freshAt(dir, version, 'after.sqlite');
  try {
    const had = objects(before.db);
    const added = [...objects(after.db)].filter((o) => !had.has(o)).sort();
    const addedColumns: Record<string, string[]> = {};
    for (const o of had) {
      const [type, name] = o.split(' ') as [string, string];
      if (type !== 'table') continue;
      const old = new Set(columns(before.db, name));
      const extra = columns(after.db, name).filter((c) => !old.has(c));
      if (extra.length) addedColumns[name] = extra;
    }
    return { objects: added, addedColumns };
  } finally {
    before.db.close();
    after.db.close();
  }
}
