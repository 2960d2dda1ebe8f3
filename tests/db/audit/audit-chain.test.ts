/**
 * The audit trail is a hash chain over real SQLite: every change, deletion or insertion of a row
 * — even by someone who drops the append-only triggers with the sqlite3 tool — is found by Verify.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDbMethods } from '../../../db/db-methods';
import { openDatabase } from '../../../db/open-database';
import { migrations } from '../../../db/migrations/index';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

function seeded() {
  const path = join(tempDir(), 'audit.sqlite');
  const opened = openDatabase(path);
  const methods = createDbMethods(opened, path);
  for (let i = 0; i < 5; i++) {
    methods.setSetting({ key: `k${i}`, value: i, actor: 'alice', nowMs: 1000 + i });
  }
  methods.appendAudit({
    tMs: 2000,
    actor: 'bob',
    action: 'robot.move-joint',
    target: 'arm-1',
    after: { joint: 'joint1', positionRad: 0.5 },
  });
  opened.db.close();
  return { path, reopen: () => createDbMethods(openDatabase(path), path) };
}

/** What an attacker with the database file does: open it directly, remove the guard triggers. */
function tamper(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;');
  raw.exec(sql);
  raw.close();
}

describe('audit hash chain', () => {
  it('verifies an untouched trail, and every row is chained to the one before', () => {
    const { reopen } = seeded();
    const methods = reopen();
    const result = methods.verifyAudit();
    expect(result).toMatchObject({ ok: true, checked: 6, problem: null });
    const rows = methods.queryAudit({ limit: 10 });
    expect(rows[0]).toMatchObject({ actor: 'bob', action: 'robot.move-joint', target: 'arm-1' });
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.hash ?? ''))).toBe(true);
    expect(result.headHash).toBe(rows[0]?.hash);
  });

  it('refuses UPDATE and DELETE from inside the app (append-only triggers)', () => {
    const { path } = seeded();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE audit SET actor = 'mallory' WHERE id = 2").run()).toThrow(
      /cannot be changed/,
    );
    expect(() => raw.prepare('DELETE FROM audit WHERE id = 2').run()).toThrow(/cannot be deleted/);
    raw.close();
  });

  it.each([
    ['who', "UPDATE audit SET actor = 'mallory' WHERE id = 3", 3, 'hash-mismatch'],
    ['before/after', 'UPDATE audit SET after = \'{"v":99}\' WHERE id = 2', 2, 'hash-mismatch'],
    ['when', 'UPDATE audit SET t_ms = t_ms + 1 WHERE id = 4', 4, 'hash-mismatch'],
    [
      'its hash, recomputed naively',
      "UPDATE audit SET hash = 'ab' WHERE id = 5",
      5,
      'hash-mismatch',
    ],
  ] as const)('detects a row whose %s was changed', (_what, sql, id, problem) => {
    const { path, reopen } = seeded();
    tamper(path, sql);
    expect(reopen().verifyAudit()).toMatchObject({ ok: false, firstBadId: id, problem });
  });

  it('detects a deleted row in the middle', () => {
    const { path, reopen } = seeded();
    tamper(path, 'DELETE FROM audit WHERE id = 3');
    expect(reopen().verifyAudit()).toMatchObject({ ok: false, firstBadId: 3, problem: 'id-gap' });
  });

  it('detects a deleted last row (the anchor remembers the head)', () => {
    const { path, reopen } = seeded();
    tamper(path, 'DELETE FROM audit WHERE id = 6');
    expect(reopen().verifyAudit()).toMatchObject({ ok: false, problem: 'anchor-mismatch' });
  });

  it('detects an inserted row, at the end or in a gap', () => {
    const { path, reopen } = seeded();
    tamper(
      path,
      "INSERT INTO audit (id, t_ms, actor, action, prev_hash, hash) VALUES (7, 3000, 'mallory', 'account.create', 'x', 'y')",
    );
    expect(reopen().verifyAudit()).toMatchObject({ ok: false, firstBadId: 7 });

    const second = seeded();
    tamper(
      second.path,
      `UPDATE audit SET id = id + 100 WHERE id >= 4;
       UPDATE audit SET id = id - 99 WHERE id >= 100;
       INSERT INTO audit (id, t_ms, actor, action, prev_hash, hash)
         SELECT 4, 1003, 'mallory', 'robot.move-joint', hash, hash FROM audit WHERE id = 3;`,
    );
    expect(second.reopen().verifyAudit()).toMatchObject({ ok: false, firstBadId: 4 });
  });

  it('chains rows written before the migration, and keeps chaining after it', () => {
    const path = join(tempDir(), 'old.sqlite');
    const old = openDatabase(path, { migrations: migrations.filter((m) => m.version < 3) });
    old.db
      .prepare('INSERT INTO audit (t_ms, actor, action, target) VALUES (?, ?, ?, ?)')
      .run(1, 'local@host', 'setting.change', 'ui.language');
    old.db.close();
    const methods = createDbMethods(openDatabase(path), path);
    methods.setSetting({ key: 'ui.language', value: 'ja', actor: 'alice', nowMs: 5 });
    expect(methods.verifyAudit()).toMatchObject({ ok: true, checked: 2 });
  });

  it('an empty trail verifies', () => {
    const path = join(tempDir(), 'empty.sqlite');
    const methods = createDbMethods(openDatabase(path), path);
    expect(methods.verifyAudit()).toMatchObject({ ok: true, checked: 0 });
  });
});
