import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENBA_APPLICATION_ID } from '../../../db/migrations/010-application-id';
import { useTempDir } from '../../helpers/temp-dir';
import { freshAt, upgradeTo, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

/** application_id as the bytes on disk say (offset 68 of the header), after a checkpoint. */
function headerApplicationId(path: string): number {
  return readFileSync(path).readUInt32BE(68);
}

describe('migration 10: application id', () => {
  it('adds no tables or columns', () => {
    expect(whatMigrationAdds(tempDir(), 10)).toEqual({ objects: [], addedColumns: {} });
  });

  it('stamps a new database with "GENB" in its header', () => {
    const dir = tempDir();
    const { db } = freshAt(dir, 10);
    expect(db.pragma('application_id', { simple: true })).toBe(GENBA_APPLICATION_ID);
    db.close();
    const header = readFileSync(`${dir}/fresh.sqlite`).subarray(68, 72);
    expect(header.toString('latin1')).toBe('GENB');
  });

  it('stamps a log made before it, keeping its data', () => {
    const dir = tempDir();
    const before = freshAt(dir, 8);
    before.db
      .prepare("INSERT INTO settings (key, value, updated_ms) VALUES ('site', '\"Ward 3\"', 1)")
      .run();
    expect(before.db.pragma('application_id', { simple: true })).toBe(0);
    before.db.close();
    expect(headerApplicationId(`${dir}/fresh.sqlite`)).toBe(0);

    const after = upgradeTo(`${dir}/fresh.sqlite`, 10);
    expect(after.schemaVersion).toBe(10);
    expect(after.db.pragma('application_id', { simple: true })).toBe(GENBA_APPLICATION_ID);
    expect(after.db.prepare("SELECT value FROM settings WHERE key = 'site'").pluck().get()).toBe(
      '"Ward 3"',
    );
    after.db.close();
    expect(headerApplicationId(`${dir}/fresh.sqlite`)).toBe(GENBA_APPLICATION_ID);
  });
});
