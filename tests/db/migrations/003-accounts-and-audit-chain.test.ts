import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../db/audit/audit-chain';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, upgradeTo, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

const account = (role: string, kind = 'pin') =>
  `INSERT INTO accounts (username, display_name, role, secret_kind, secret_hash, created_ms, updated_ms)
   VALUES ('u-${role}-${kind}', 'U', '${role}', '${kind}', 'h', 0, 0)`;

describe('migration 3: accounts and the audit hash chain', () => {
  it('creates accounts, the audit anchor, the append-only triggers and two audit indexes, and chains audit rows', () => {
    expect(whatMigrationAdds(tempDir(), 3)).toEqual({
      objects: [
        'index audit_by_action',
        'index audit_by_actor',
        'table accounts',
        'table audit_anchor',
        'trigger audit_is_append_only_delete',
        'trigger audit_is_append_only_update',
      ],
      addedColumns: { audit: ['prev_hash', 'hash'] },
    });
  });

  it('gives accounts their columns and refuses unknown roles and secret kinds', () => {
    const { db } = freshAt(tempDir(), 3);
    expect(columns(db, 'accounts')).toEqual([
      'id',
      'username',
      'display_name',
      'role',
      'secret_kind',
      'secret_hash',
      'disabled',
      'failed_count',
      'lockout_level',
      'locked_until_ms',
      'created_ms',
      'updated_ms',
      'last_sign_in_ms',
    ]);
    for (const role of ['care-staff', 'supervisor', 'technician', 'admin']) db.exec(account(role));
    expect(() => db.exec(account('owner'))).toThrow(/CHECK/);
    expect(() => db.exec(account('admin', 'fingerprint'))).toThrow(/CHECK/);
    db.close();
  });

  it('chains the audit rows written before it, and refuses changes to audit rows after it', () => {
    const dir = tempDir();
    const old = freshAt(dir, 2);
    const audit = old.db.prepare(
      "INSERT INTO audit (t_ms, actor, action, target) VALUES (?, 'tech', 'robot.connect', 'arm')",
    );
    audit.run(1);
    audit.run(2);
    old.db.close();

    const { db } = upgradeTo(`${dir}/fresh.sqlite`, 3);
    const rows = db.prepare('SELECT id, prev_hash, hash FROM audit ORDER BY id').all() as {
      id: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows).toHaveLength(2);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(db.prepare('SELECT last_id, last_hash FROM audit_anchor').get()).toEqual({
      last_id: rows[1]!.id,
      last_hash: rows[1]!.hash,
    });
    expect(verifyAuditChain(db).ok).toBe(true);
    expect(() => db.prepare("UPDATE audit SET actor = 'someone else'").run()).toThrow(
      /cannot be changed/,
    );
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/cannot be deleted/);
    db.close();
  });
});
