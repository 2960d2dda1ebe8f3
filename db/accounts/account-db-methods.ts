/**
 * The accounts part of the database worker's method map (spread into db-methods.ts). Every
 * change to an account and every sign-in outcome is written with its audit row in one
 * transaction. Secrets arrive already hashed (secret-hash.ts runs in the main process) and hashes
 * never leave except to the sign-in check.
 */
import type { Database } from 'better-sqlite3';
import type { Account, AccountTile, Role } from '../../native/domain';
import { appendChainedAudit } from '../audit/audit-chain';
import { DatabaseError } from '../database-errors';
import { afterFailure, afterSuccess, isLockedOut } from './lockout-policy';

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  secret_kind: 'pin' | 'password';
  secret_hash: string;
  disabled: number;
  failed_count: number;
  lockout_level: number;
  locked_until_ms: number;
  created_ms: number;
  updated_ms: number;
  last_sign_in_ms: number | null;
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  secretKind: 'pin' | 'password';
  secretHash: string;
}

export interface AccountForSignIn {
  account: Account;
  secretHash: string;
}

export interface SignInOutcome {
  account: Account;
  /** This failure started a lock-out. */
  lockedOut: boolean;
}

/** For audit rows: what an account looks like, without any secret. */
function auditView(account: Account) {
  return {
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    disabled: account.disabled,
  };
}

function toAccount(row: AccountRow): Account {
  return {
    accountId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    secretKind: row.secret_kind,
    disabled: row.disabled === 1,
    failedCount: row.failed_count,
    lockedUntilMs: row.locked_until_ms,
    createdMs: row.created_ms,
    lastSignInMs: row.last_sign_in_ms,
  };
}

export function createAccountDbMethods(db: Database) {
  const byId = (id: number) =>
    db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  const mustGet = (id: number): AccountRow => {
    const row = byId(id);
    if (!row) {
      throw new DatabaseError(
        'account-not-found',
        `There is no account number ${id}. Reload the accounts list and try again.`,
      );
    }
    return row;
  };
  const activeAdmins = () =>
    (
      db
        .prepare("SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0")
        .get() as { n: number }
    ).n;

  const insert = (account: NewAccount, nowMs: number): AccountRow => {
    const exists = db
      .prepare('SELECT 1 FROM accounts WHERE username = ? COLLATE NOCASE')
      .get(account.username);
    if (exists) {
      throw new DatabaseError(
        'account-exists',
        `An account called “${account.username}” already exists. Choose another user name.`,
      );
    }
    const result = db
      .prepare(
        `INSERT INTO accounts (username, display_name, role, secret_kind, secret_hash, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        account.username,
        account.displayName,
        account.role,
        account.secretKind,
        account.secretHash,
        nowMs,
        nowMs,
      );
    return mustGet(Number(result.lastInsertRowid));
  };

  return {
    countAccounts(): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
    },

    /** Tiles for the sign-in screen: enabled accounts, no secrets. */
    listAccountTiles(): AccountTile[] {
      const rows = db
        .prepare(
          "SELECT * FROM accounts WHERE disabled = 0 ORDER BY role = 'admin', display_name COLLATE NOCASE",
        )
        .all() as AccountRow[];
      return rows.map((row) => ({
        accountId: row.id,
        displayName: row.display_name,
        role: row.role,
        secretKind: row.secret_kind,
        lockedUntilMs: row.locked_until_ms,
      }));
    },

    listAccounts(): Account[] {
      const rows = db
        .prepare('SELECT * FROM accounts ORDER BY display_name COLLATE NOCASE')
        .all() as AccountRow[];
      return rows.map(toAccount);
    },

    getAccount(accountId: number): Account | null {
      const row = byId(accountId);
      return row ? toAccount(row) : null;
    },

    getAccountForSignIn(accountId: number): AccountForSignIn | null {
      const row = byId(accountId);
      return row ? { account: toAccount(row), secretHash: row.secret_hash } : null;
    },

    /** First run only: refuses once any account exists (in the same transaction). */
    createFirstAdmin(args: { account: NewAccount; nowMs: number }): Account {
      return db.transaction(() => {
        const count = (db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
        if (count > 0) {
          throw new DatabaseError(
            'setup-already-done',
            'Genba already has accounts, so first-run setup is closed. Sign in, or ask an administrator.',
          );
        }
        const created = toAccount(insert({ ...args.account, role: 'admin' }, args.nowMs));
        appendChainedAudit(db, {
          tMs: args.nowMs,
          actor: created.username,
          action: 'account.create-first-admin',
          target: created.username,
          after: auditView(created),
        });
        return created;
      })();
    },

    createAccount(args: { account: NewAccount; actor: string; nowMs: number }): Account {
      return db.transaction(() => {
        const created = toAccount(insert(args.account, args.nowMs));
        appendChainedAudit(db, {
          tMs: args.nowMs,
          actor: args.actor,
          action: 'account.create',
          target: created.username,
          after: auditView(created),
        });
        return created;
      })();
    },

    updateAccount(args: {
      accountId: number;
      displayName?: string;
      role?: Role;
      disabled?: boolean;
      /** Required when the role change switches between PIN and password. */
      secret?: { kind: 'pin' | 'password'; hash: string };
      actorAccountId: number | null;
      actor: string;
      nowMs: number;
    }): Account {
      return db.transaction(() => {
        const row = mustGet(args.accountId);
        const before = toAccount(row);
        const role = args.role ?? row.role;
        const disabled = args.disabled ?? row.disabled === 1;
        if (row.role === 'admin' && row.disabled === 0 && (role !== 'admin' || disabled)) {
          if (activeAdmins() <= 1) {
            throw new DatabaseError(
              'last-admin',
              'This is the only active administrator. Create another administrator first, so Genba is never left without one.',
            );
          }
        }
        if (args.actorAccountId === row.id && (disabled || role !== row.role)) {
          throw new DatabaseError(
            'own-account',
            'You cannot disable your own account or change your own role. Ask another administrator.',
          );
        }
        const kind = role === 'admin' ? 'password' : 'pin';
        let secretHash = row.secret_hash;
        if (kind !== row.secret_kind) {
          if (args.secret?.kind !== kind) {
            throw new DatabaseError(
              'secret-required',
              kind === 'password'
                ? 'An administrator signs in with a password. Enter a new password for this account to change its role.'
                : 'This role signs in with a PIN. Enter a new PIN for this account to change its role.',
            );
          }
          secretHash = args.secret.hash;
        }
        db.prepare(
          `UPDATE accounts SET display_name = ?, role = ?, disabled = ?, secret_kind = ?, secret_hash = ?,
             updated_ms = ? WHERE id = ?`,
        ).run(
          args.displayName ?? row.display_name,
          role,
          disabled ? 1 : 0,
          kind,
          secretHash,
          args.nowMs,
          row.id,
        );
        const after = toAccount(mustGet(row.id));
        appendChainedAudit(db, {
          tMs: args.nowMs,
          actor: args.actor,
          action: 'account.update',
          target: row.username,
          before: auditView(before),
          after: { ...auditView(after), secretChanged: secretHash !== row.secret_hash },
        });
        return after;
      })();
    },

    setAccountSecret(args: {
      accountId: number;
      secretHash: string;
      actor: string;
      nowMs: number;
    }): Account {
      return db.transaction(() => {
        const row = mustGet(args.accountId);
        db.prepare(
          `UPDATE accounts SET secret_hash = ?, failed_count = 0, lockout_level = 0, locked_until_ms = 0,
             updated_ms = ? WHERE id = ?`,
        ).run(args.secretHash, args.nowMs, row.id);
        appendChainedAudit(db, {
          tMs: args.nowMs,
          actor: args.actor,
          action: row.secret_kind === 'pin' ? 'account.reset-pin' : 'account.reset-password',
          target: row.username,
          before: { failedCount: row.failed_count, lockedUntilMs: row.locked_until_ms },
          after: { failedCount: 0, lockedUntilMs: 0 },
        });
        return toAccount(mustGet(row.id));
      })();
    },

    /**
     * One sign-in (or unlock) attempt's outcome, counted and audited together. A refused attempt
     * on a locked-out or disabled account is audited without counting.
     */
    recordSignInAttempt(args: {
      accountId: number;
      ok: boolean;
      purpose: 'sign-in' | 'unlock';
      via: string;
      nowMs: number;
    }): SignInOutcome | null {
      return db.transaction(() => {
        const row = byId(args.accountId);
        if (!row) {
          appendChainedAudit(db, {
            tMs: args.nowMs,
            actor: 'anonymous',
            action: `auth.${args.purpose}-failed`,
            target: `account #${args.accountId}`,
            after: { reason: 'no-such-account', via: args.via },
          });
          return null;
        }
        const state = {
          failedCount: row.failed_count,
          lockoutLevel: row.lockout_level,
          lockedUntilMs: row.locked_until_ms,
        };
        const audit = (action: string, after: Record<string, unknown>) =>
          appendChainedAudit(db, {
            tMs: args.nowMs,
            actor: row.username,
            action,
            target: row.username,
            after: { ...after, via: args.via },
          });
        if (row.disabled === 1 || isLockedOut(state, args.nowMs)) {
          audit(`auth.${args.purpose}-refused`, {
            reason: row.disabled === 1 ? 'disabled' : 'locked-out',
            lockedUntilMs: row.locked_until_ms,
          });
          return { account: toAccount(row), lockedOut: false };
        }
        if (args.ok) {
          const next = afterSuccess();
          db.prepare(
            `UPDATE accounts SET failed_count = ?, lockout_level = ?, locked_until_ms = ?, last_sign_in_ms = ?
             WHERE id = ?`,
          ).run(next.failedCount, next.lockoutLevel, next.lockedUntilMs, args.nowMs, row.id);
          audit(`auth.${args.purpose}`, { role: row.role });
          return { account: toAccount(mustGet(row.id)), lockedOut: false };
        }
        const next = afterFailure(state, args.nowMs);
        db.prepare(
          'UPDATE accounts SET failed_count = ?, lockout_level = ?, locked_until_ms = ? WHERE id = ?',
        ).run(next.failedCount, next.lockoutLevel, next.lockedUntilMs, row.id);
        audit(`auth.${args.purpose}-failed`, { failedCount: state.failedCount + 1 });
        if (next.lockedOut) {
          audit('auth.locked-out', {
            lockedUntilMs: next.lockedUntilMs,
            lockoutLevel: next.lockoutLevel,
          });
        }
        return { account: toAccount(mustGet(row.id)), lockedOut: next.lockedOut };
      })();
    },
  };
}
