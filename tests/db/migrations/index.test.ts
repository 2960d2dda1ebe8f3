import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../db/open-database';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../db/migrations/index';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('migrations', () => {
  it('are numbered 1, 2, 3… with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it.each(migrations.map((m) => [m.version, m.name] as const))(
    'migration %i (%s) applies on a fresh database and leaves it consistent',
    (version) => {
      const path = join(tempDir(), 'fresh.sqlite');
      const opened = openDatabase(path, { migrations: migrations.slice(0, version) });
      expect(opened.schemaVersion).toBe(version);
      expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
      opened.db.close();
      // Re-opening with all migrations continues from there.
      const reopened = openDatabase(path);
      expect(reopened.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      reopened.db.close();
    },
  );

  it('creates the first tables, including a trigram FTS index', () => {
    const { db } = openDatabase(join(tempDir(), 'tables.sqlite'));
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining(['settings', 'robots', 'events', 'events_fts', 'audit']),
    );
    const fts = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").get() as {
      sql: string;
    };
    expect(fts.sql).toContain("tokenize='trigram'");
    db.close();
  });

  it('refuses a database from a newer schema and leaves it byte-for-byte unchanged', () => {
    const path = join(tempDir(), 'future.sqlite');
    const future = new Database(path);
    future.exec('CREATE TABLE something_new (x INTEGER)');
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
    future.close();
    const before = readFileSync(path);

    expect(() => openDatabase(path)).toThrowError(/newer version of Genba.*not changed/s);
    expect(() => openDatabase(path, { readOnly: true })).toThrowError(/newer version/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and leaves it unchanged', () => {
    const path = join(tempDir(), 'notes.sqlite');
    writeFileSync(path, 'shift notes, not a database\n'.repeat(10));
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrowError(/not a Genba database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('rolls a failing migration back entirely, keeping the previous version', () => {
    const path = join(tempDir(), 'failing.sqlite');
    openDatabase(path).db.close();
    const broken = [
      ...migrations,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'half done',
        up(db: Database.Database) {
          db.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('disk full');
        },
      },
    ];
    expect(() => openDatabase(path, { migrations: broken })).toThrowError('disk full');
    const { db, schemaVersion } = openDatabase(path);
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toEqual({ n: 0 });
    db.close();
  });
});
