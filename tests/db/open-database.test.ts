import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENBA_APPLICATION_ID } from '../../db/migrations/010-application-id';
import { LATEST_SCHEMA_VERSION, migrations } from '../../db/migrations/index';
import { openDatabase } from '../../db/open-database';
import {
  corruptLog,
  fingerprint,
  foreignDatabase,
  logWithoutEvents,
} from '../helpers/damaged-databases';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir();

function expectRefused(path: string, pattern: RegExp): void {
  const before = fingerprint(path);
  for (const readOnly of [false, true]) {
    let message = '';
    try {
      openDatabase(path, { readOnly }).db.close();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  }
  expect(fingerprint(path)).toEqual(before);
}

describe('openDatabase refuses what is not a healthy Genba database', () => {
  it('refuses a log with flipped bytes in a page, unchanged', () => {
    const path = corruptLog(tempDir());
    expectRefused(path, /fails integrity check: [^*].*genba export --salvage/);
  });

  it("refuses someone else's SQLite file without migrating it", () => {
    const path = foreignDatabase(tempDir());
    expectRefused(path, /inventory\.sqlite is not a Genba database \(its tables are parts/);
    const check = new Database(path, { readonly: true });
    expect(
      check.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get(),
    ).toBe(1);
    check.close();
  });

  it('refuses a file with another application id, and one with a version but none of our tables', () => {
    const dir = tempDir();
    const stamped = join(dir, 'stamped.sqlite');
    const a = new Database(stamped);
    a.pragma('application_id = 1234');
    a.close();
    expectRefused(stamped, /not a Genba database \(application id 0x000004d2\)/);
    const versioned = join(dir, 'versioned.sqlite');
    const b = new Database(versioned);
    b.exec('CREATE TABLE x (y)');
    b.pragma('user_version = 3');
    b.close();
    expectRefused(versioned, /not a Genba database \(schema version 3 without Genba's tables\)/);
  });

  it('refuses a Genba log whose events table was dropped, before any write', () => {
    const path = logWithoutEvents(tempDir());
    expectRefused(path, /is damaged: missing table events\. /);
  });

  it('opens an empty file and an empty SQLite file as new databases', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'zero.sqlite'), '');
    new Database(join(dir, 'blank.sqlite')).close();
    for (const name of ['zero.sqlite', 'blank.sqlite']) {
      const { db, schemaVersion } = openDatabase(join(dir, name));
      expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(GENBA_APPLICATION_ID);
      db.close();
    }
  });

  it('recognises a log made before the application id by its tables, and stamps it', () => {
    const path = join(tempDir(), 'old.sqlite');
    openDatabase(path, { migrations: migrations.slice(0, 8) }).db.close();
    const { db, schemaVersion } = openDatabase(path);
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(GENBA_APPLICATION_ID);
    db.close();
  });

  it('knows its own log after a crash left the stamped header only in the -wal', () => {
    const dir = tempDir();
    const path = join(dir, 'crashed.sqlite');
    const { db } = openDatabase(path);
    db.prepare("INSERT INTO settings (key, value, updated_ms) VALUES ('k', '1', 1)").run();
    // Copying while the connection is open is what a crash leaves behind: main file + -wal.
    copyFileSync(path, join(dir, 'copy.sqlite'));
    copyFileSync(`${path}-wal`, join(dir, 'copy.sqlite-wal'));
    db.close();
    expect(readFileSync(join(dir, 'copy.sqlite')).readUInt32BE(68)).toBe(0);
    for (const readOnly of [true, false]) {
      const reopened = openDatabase(join(dir, 'copy.sqlite'), { readOnly });
      expect(reopened.db.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe(
        '1',
      );
      reopened.db.close();
      reopened.cleanup?.();
    }
  });
});
