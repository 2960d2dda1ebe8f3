import type { Migration } from './migration';
import { chainExistingAuditRows } from '../audit/audit-chain';

/**
 * Local accounts (roles, scrypt-hashed PIN or password, lock-out state) and the hash chain over
 * the audit trail: each row gets `prev_hash` and `hash`, an anchor records the newest entry, and
 * triggers refuse UPDATE and DELETE on audit rows from inside the app. Rows written before this
 * migration are chained in order.
 */
export const accountsAndAuditChain: Migration = {
  version: 3,
  name: 'accounts and audit hash chain',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('care-staff', 'supervisor', 'technician', 'admin')),
        secret_kind TEXT NOT NULL CHECK (secret_kind IN ('pin', 'password')),
        secret_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        failed_count INTEGER NOT NULL DEFAULT 0,
        lockout_level INTEGER NOT NULL DEFAULT 0,
        locked_until_ms INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        last_sign_in_ms INTEGER
      ) STRICT;

      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      CREATE INDEX audit_by_actor ON audit (actor, id);
      CREATE INDEX audit_by_action ON audit (action, id);

      CREATE TABLE audit_anchor (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        last_id INTEGER NOT NULL,
        last_hash TEXT NOT NULL
      ) STRICT;
    `);
    chainExistingAuditRows(db);
    db.exec(`
      CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
      BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
      CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
      BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
    `);
  },
};
