/**
 * Accounts, sign-in, lock and the audit trail's API: the handlers for `auth.*`, `accounts.*` and
 * `audit.*`, plus the dispatcher hooks (each connection's kiosk identity and idle-lock policy, and
 * the audit row written as a robot command is accepted). Secrets are hashed here, on libuv's
 * thread pool, and the database worker stores only the hashes.
 */
import type { DbClient } from '../../db/db-client';
import { hashSecret, verifySecret } from '../../db/accounts/secret-hash';
import { secretKindFor } from '../../native/domain';
import {
  PASSWORD_MIN,
  PIN_PATTERN,
  type Account,
  type authChannels,
  type RequestChannel,
  type Role,
  type SessionUser,
} from '../shared/contract';
import { UserFacingError } from './api-errors';
import type { ApiDispatcher, ApiHandlers, CallContext, DispatcherHooks } from './api-dispatcher';

export type AuthChannel = keyof typeof authChannels & RequestChannel;

export const IDLE_LOCK_SETTING = 'auth.idleLockMinutes';
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export interface AuthOptions {
  db: DbClient;
  /** `genba serve --kiosk-role`: what a connection may do before anyone signs in. */
  kioskRole?: Role | null;
  log?: (line: string) => void;
}

export interface Auth {
  handlers: Pick<ApiHandlers, AuthChannel>;
  hooks: DispatcherHooks;
  /** Lets account changes reach sessions already signed in (role change, disabled). */
  attach(dispatcher: ApiDispatcher): void;
}

/** A person signed in with their account (never the kiosk identity). */
function toUser({ accountId, username, displayName, role }: Account): SessionUser {
  return { accountId, username, displayName, role, kiosk: false };
}

/** Checks a new PIN or password against the role's rules; returns what to store. */
async function newSecret(
  role: Role,
  secret: string,
): Promise<{ kind: 'pin' | 'password'; hash: string }> {
  const kind = secretKindFor(role);
  if (kind === 'pin' && !PIN_PATTERN.test(secret)) {
    throw new UserFacingError(
      'weak-secret',
      'A PIN is 4 to 8 digits. Choose one that is not easy to guess (not 1234 or a birthday).',
    );
  }
  if (kind === 'password' && (secret.length < PASSWORD_MIN || /^\s|\s$/.test(secret))) {
    throw new UserFacingError(
      'weak-secret',
      `An administrator's password needs at least ${PASSWORD_MIN} characters (no spaces at the start or end).`,
    );
  }
  if (kind === 'pin' && /^(\d)\1+$/.test(secret)) {
    throw new UserFacingError(
      'weak-secret',
      'A PIN of one repeated digit is too easy to guess. Choose another.',
    );
  }
  return { kind, hash: await hashSecret(secret) };
}

function minutesLeft(untilMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((untilMs - nowMs) / 60_000));
}

export async function createAuth(options: AuthOptions): Promise<Auth> {
  const { db } = options;
  const stored = (await db.call('getSetting', IDLE_LOCK_SETTING)) as number | undefined;
  let idleLockMinutes =
    typeof stored === 'number' && stored >= 1 ? stored : DEFAULT_IDLE_LOCK_MINUTES;
  const kiosk: SessionUser | null = options.kioskRole
    ? {
        accountId: 0,
        username: `kiosk:${options.kioskRole}`,
        displayName: 'Kiosk',
        role: options.kioskRole,
        kiosk: true,
      }
    : null;
  let dispatcher: ApiDispatcher | null = null;

  /** One attempt at a time per account, so parallel guesses cannot outrun the lock-out. */
  const attempts = new Map<number, Promise<unknown>>();
  const serialized = <T>(accountId: number, run: () => Promise<T>): Promise<T> => {
    const previous = attempts.get(accountId) ?? Promise.resolve();
    const next = previous.then(run, run);
    attempts.set(accountId, next);
    const forget = () => {
      if (attempts.get(accountId) === next) attempts.delete(accountId);
    };
    next.then(forget, forget);
    return next;
  };

  /** Checks a secret for an account and records the outcome (counted, audited, maybe locked out). */
  const attempt = (
    accountId: number,
    secret: string,
    purpose: 'sign-in' | 'unlock',
    context: CallContext,
  ): Promise<Account> =>
    serialized(accountId, async () => {
      const found = await db.call('getAccountForSignIn', accountId);
      const nowMs = Date.now();
      const usable =
        found !== null && !found.account.disabled && found.account.lockedUntilMs <= nowMs;
      const ok = await verifySecret(secret, usable ? found.secretHash : null);
      const outcome = await db.call('recordSignInAttempt', {
        accountId,
        ok: ok && usable,
        purpose,
        via: context.via,
        nowMs,
      });
      const account = outcome?.account;
      if (account && account.lockedUntilMs > nowMs) {
        throw new UserFacingError(
          'account-locked-out',
          `Too many wrong tries. This account is locked for ${minutesLeft(account.lockedUntilMs, nowMs)} minutes. An administrator can reset it now.`,
          { lockedUntilMs: account.lockedUntilMs },
        );
      }
      if (!ok || !usable || !account) {
        throw new UserFacingError(
          'sign-in-failed',
          account?.secretKind === 'password'
            ? 'That password is not right. Check it and try again.'
            : 'That PIN is not right. Check it and try again.',
        );
      }
      return account;
    });

  const followAccount = (account: Account) => {
    for (const session of dispatcher?.liveSessions() ?? []) {
      if (session.signedIn?.accountId !== account.accountId) continue;
      if (account.disabled) session.signOut();
      else session.refresh(toUser(account));
    }
  };

  /** A person ending or locking their own session: they are both actor and target. */
  const auditOwnSession = (
    action: 'auth.sign-out' | 'auth.lock',
    person: SessionUser,
    session: CallContext['session'],
  ) =>
    db.call('appendAudit', {
      tMs: Date.now(),
      actor: person.username,
      action,
      target: person.username,
      after: { via: session.via },
    });

  const actorId = (context: CallContext) => context.session.signedIn?.accountId ?? null;

  const handlers: Pick<ApiHandlers, AuthChannel> = {
    'auth.state': async (_args, { session }) => {
      const setupRequired = (await db.call('countAccounts')) === 0;
      return {
        setupRequired,
        session: session.info(),
        accounts: session.signedIn || setupRequired ? [] : await db.call('listAccountTiles'),
        nowMs: Date.now(),
      };
    },

    'auth.setup': async ({ username, displayName, password }, { session }) => {
      const secret = await newSecret('admin', password);
      const account = await db.call('createFirstAdmin', {
        account: {
          username,
          displayName,
          role: 'admin',
          secretKind: secret.kind,
          secretHash: secret.hash,
        },
        nowMs: Date.now(),
      });
      session.signIn(toUser(account));
      return session.info();
    },

    'auth.signIn': async ({ accountId, secret }, context) => {
      const account = await attempt(accountId, secret, 'sign-in', context);
      context.session.signIn(toUser(account));
      return context.session.info();
    },

    'auth.signOut': async (_args, { session }) => {
      const person = session.signedIn;
      if (person) {
        await auditOwnSession('auth.sign-out', person, session);
      }
      session.signOut();
      return session.info();
    },

    'auth.lock': async (_args, { session }) => {
      const person = session.signedIn;
      if (person && !session.locked) {
        session.lock();
        await auditOwnSession('auth.lock', person, session);
      }
      return session.info();
    },

    'auth.unlock': async ({ secret }, context) => {
      const person = context.session.signedIn;
      if (!person || !context.session.locked) return context.session.info();
      try {
        const account = await attempt(person.accountId, secret, 'unlock', context);
        context.session.refresh(toUser(account));
        context.session.unlock();
      } catch (error) {
        // A disabled account, or one locked out by these attempts, cannot stay on the terminal.
        if (error instanceof UserFacingError && error.code === 'account-locked-out') {
          context.session.signOut();
        }
        throw error;
      }
      return context.session.info();
    },

    'accounts.list': () => db.call('listAccounts'),

    'accounts.create': async ({ username, displayName, role, secret }, context) => {
      const hashed = await newSecret(role, secret);
      return db.call('createAccount', {
        account: { username, displayName, role, secretKind: hashed.kind, secretHash: hashed.hash },
        actor: context.actor,
        nowMs: Date.now(),
      });
    },

    'accounts.update': async ({ accountId, displayName, role, disabled, secret }, context) => {
      const current = await db.call('getAccount', accountId);
      if (!current) {
        throw new UserFacingError(
          'account-not-found',
          `There is no account number ${accountId}. Reload the accounts list and try again.`,
        );
      }
      const targetRole = role ?? current.role;
      const needsSecret = secretKindFor(targetRole) !== current.secretKind;
      const hashed =
        needsSecret && secret !== undefined ? await newSecret(targetRole, secret) : undefined;
      const account = await db.call('updateAccount', {
        accountId,
        ...(displayName !== undefined ? { displayName } : {}),
        ...(role !== undefined ? { role } : {}),
        ...(disabled !== undefined ? { disabled } : {}),
        ...(hashed ? { secret: hashed } : {}),
        actorAccountId: actorId(context),
        actor: context.actor,
        nowMs: Date.now(),
      });
      followAccount(account);
      return account;
    },

    'accounts.resetSecret': async ({ accountId, secret }, context) => {
      const current = await db.call('getAccount', accountId);
      if (!current) {
        throw new UserFacingError(
          'account-not-found',
          `There is no account number ${accountId}. Reload the accounts list and try again.`,
        );
      }
      const hashed = await newSecret(current.role, secret);
      return db.call('setAccountSecret', {
        accountId,
        secretHash: hashed.hash,
        actor: context.actor,
        nowMs: Date.now(),
      });
    },

    'accounts.setIdleLock': async ({ minutes }, context) => {
      await db.call('setSetting', {
        key: IDLE_LOCK_SETTING,
        value: minutes,
        actor: context.actor,
        nowMs: Date.now(),
      });
      idleLockMinutes = minutes;
      return { minutes };
    },

    'audit.query': (query) => db.call('queryAudit', query),
    'audit.verify': () => db.call('verifyAudit'),
  };

  return {
    handlers,
    hooks: {
      sessionPolicy: { kiosk, idleLockMs: () => idleLockMinutes * 60_000 },
      audit: async (entry) => {
        await db.call('appendAudit', entry);
      },
      ...(options.log ? { log: options.log } : {}),
    },
    attach(target) {
      dispatcher = target;
    },
  };
}
