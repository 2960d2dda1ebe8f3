/**
 * Opens (or creates) Genba's database: checks the engine versions, refuses without touching it a
 * file written by a newer Genba, someone else's SQLite file and a damaged log
 * (database-identity.ts), switches to WAL and applies pending migrations atomically.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGenbaDatabase, readHeader } from './database-identity';
import { DatabaseError } from './database-errors';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations/index';
import type { Migration } from './migrations/migration';

/** 3.51.3 fixes the WAL-reset corruption bug; 12.8 is the first better-sqlite3 bundling it. */
const MIN_SQLITE = [3, 51, 3] as const;

export interface OpenDatabaseOptions {
  /**
   * Open a log file (e.g. copied from another site) without touching it: the file (and its -wal,
   * so committed data still in the WAL is seen) is copied to a private temporary folder and the
   * copy is opened, migrated if older, and locked with `query_only`. SQLite never opens the
   * original, so it stays byte-for-byte unchanged and no -shm/-wal appears beside it.
   * (`immutable=1` would need URI filenames, which better-sqlite3 does not enable, and would
   * silently ignore a -wal file.)
   */
  readOnly?: boolean;
  /** For tests of the migrations themselves. */
  migrations?: readonly Migration[];
}

export interface OpenedDatabase {
  db: Database.Database;
  schemaVersion: number;
  sqliteVersion: string;
  readOnly: boolean;
  /** Removes the private copy of a read-only open; call after closing `db`. */
  cleanup?: () => void;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const steps = options.migrations ?? migrations;
  const latest = steps.at(-1)?.version ?? LATEST_SCHEMA_VERSION;
  // Read the header ourselves first: a database from the future must not even be opened by
  // SQLite (which could checkpoint or recover it).
  const header = readHeader(path);
  if (header.userVersion > latest) throw futureError(path, header.userVersion, latest);

  const readOnly = options.readOnly ?? false;
  if (readOnly) return openSnapshot(path, steps, latest);
  if (!header.empty) checkGenbaDatabase(path, steps, latest);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
  } catch (error) {
    throw new DatabaseError(
      'database-open-failed',
      `Cannot open the database ${path}: ${(error as Error).message}. Check that the folder exists and is writable.`,
    );
  }
  try {
    const sqliteVersion = checkSqliteVersion(db);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) throw futureError(path, current, latest);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, steps, current);
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    return { db, schemaVersion, sqliteVersion, readOnly };
  } catch (error) {
    db.close();
    throw error;
  }
}

function openSnapshot(path: string, steps: readonly Migration[], latest: number): OpenedDatabase {
  if (!existsSync(path)) {
    throw new DatabaseError(
      'database-open-failed',
      `Cannot open the log file ${path}: it does not exist. Check the name and folder.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'genba-readonly-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const copy = join(dir, 'log.sqlite');
  let db: Database.Database;
  try {
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  } catch (error) {
    cleanup();
    throw new DatabaseError(
      'database-open-failed',
      `Cannot open the log file ${path}: ${(error as Error).message}. Check that it is readable and that the temporary folder has space for a copy. The file was not changed.`,
    );
  }
  try {
    checkGenbaDatabase(copy, steps, latest, path);
    db = new Database(copy);
  } catch (error) {
    cleanup();
    throw error;
  }
  try {
    const sqliteVersion = checkSqliteVersion(db);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) throw futureError(path, current, latest);
    migrate(db, steps, current);
    db.pragma('query_only = ON');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    return { db, schemaVersion, sqliteVersion, readOnly: true, cleanup };
  } catch (error) {
    db.close();
    cleanup();
    throw error;
  }
}

function migrate(db: Database.Database, steps: readonly Migration[], current: number): void {
  for (const step of steps) {
    if (step.version <= current) continue;
    // Each step and its version bump commit together: a crash leaves the previous version.
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}

function checkSqliteVersion(db: Database.Database): string {
  const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const parts = version.split('.').map(Number);
  for (let i = 0; i < MIN_SQLITE.length; i++) {
    const have = parts[i] ?? 0;
    const need = MIN_SQLITE[i] ?? 0;
    if (have > need) break;
    if (have < need) {
      throw new DatabaseError(
        'sqlite-too-old',
        `This build of Genba uses SQLite ${version}, older than ${MIN_SQLITE.join('.')} which fixes a WAL corruption bug. Reinstall Genba (npm ci) to get better-sqlite3 12.8 or newer.`,
      );
    }
  }
  return version;
}

function futureError(path: string, version: number, latest: number): DatabaseError {
  return new DatabaseError(
    'database-from-newer-version',
    `The database ${path} was written by a newer version of Genba (schema ${version}; this version understands up to ${latest}). Update Genba to open it. The file was not changed.`,
  );
}
