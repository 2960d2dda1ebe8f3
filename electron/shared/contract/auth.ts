/** Accounts, sign-in and lock, and the audit trail. */
import { z } from 'zod';
import {
  ROLES,
  SECRET_KINDS,
  type Account as DomainAccount,
  type AccountTile as DomainAccountTile,
  type AuditEntryView as DomainAuditEntryView,
} from '../../../native/domain';
import { ADMIN, REVIEWERS } from './access';
import { NoArgs, pickMask, type ChannelSpec, type EventSpec, type SameShape } from './common';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const PIN_PATTERN = /^[0-9]{4,8}$/;
export const PASSWORD_MIN = 8;

const AccountId = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31);
const Username = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore only');
const DisplayName = z.string().trim().min(1).max(60);
/** A PIN or a password; which one is checked against the account's role by the handler. */
const Secret = z.string().min(4).max(200);

export const Account = z.object({
  accountId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  secretKind: z.enum(SECRET_KINDS),
  disabled: z.boolean(),
  failedCount: z.number().int(),
  /** Locked out after repeated failures until this time (0 = not locked out). */
  lockedUntilMs: z.number().int(),
  createdMs: z.number().int(),
  lastSignInMs: z.number().int().nullable(),
});
export type Account = z.infer<typeof Account>;
const _account: SameShape<Account, DomainAccount> = true;

/** Who is signed in: their account's names and role. */
export const SessionUser = Account.pick(
  pickMask('accountId', 'username', 'displayName', 'role'),
).extend({
  /** The terminal's kiosk identity (`genba serve --kiosk-role`), not a person. */
  kiosk: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** What one connection (a window, a browser tab) is allowed to do right now. */
export const SessionInfo = z.object({
  user: SessionUser.nullable(),
  locked: z.boolean(),
  /** The session locks itself after this long without a call; 0 = never (kiosk identity). */
  idleLockMs: z.number().int(),
  /** Every request channel this session may call now (the UI hides the rest). */
  permissions: z.array(z.string()),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** What the sign-in screen shows of an account. */
export const AccountTile = Account.pick(
  pickMask('accountId', 'displayName', 'role', 'secretKind', 'lockedUntilMs'),
);
export type AccountTile = z.infer<typeof AccountTile>;
const _accountTile: SameShape<AccountTile, DomainAccountTile> = true;

export const AuthState = z.object({
  /** No account exists yet: the first-run screen creates the administrator. */
  setupRequired: z.boolean(),
  session: SessionInfo,
  /** Sign-in tiles (enabled accounts); empty once signed in. */
  accounts: z.array(AccountTile),
  nowMs: z.number(),
});
export type AuthState = z.infer<typeof AuthState>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  tMs: z.number().int(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
const _auditEntry: SameShape<AuditEntryView, DomainAuditEntryView> = true;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headHash: z.string(),
  firstBadId: z.number().int().nullable(),
  problem: z.string().nullable(),
  message: z.string(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

export const authChannels = {
  'auth.state': { access: { roles: 'public' }, args: NoArgs, result: AuthState },
  'auth.setup': {
    access: { roles: 'public' },
    args: z
      .object({ username: Username, displayName: DisplayName, password: z.string().max(200) })
      .strict(),
    result: SessionInfo,
  },
  'auth.signIn': {
    access: { roles: 'public' },
    args: z.object({ accountId: AccountId, secret: z.string().max(200) }).strict(),
    result: SessionInfo,
  },
  'auth.signOut': { access: { roles: 'public' }, args: NoArgs, result: SessionInfo },
  'auth.lock': { access: { roles: 'public' }, args: NoArgs, result: SessionInfo },
  'auth.unlock': {
    access: { roles: 'public' },
    args: z.object({ secret: z.string().max(200) }).strict(),
    result: SessionInfo,
  },

  'accounts.list': { access: { roles: ADMIN }, args: NoArgs, result: z.array(Account) },
  'accounts.create': {
    access: { roles: ADMIN },
    args: z
      .object({ username: Username, displayName: DisplayName, role: Role, secret: Secret })
      .strict(),
    result: Account,
  },
  'accounts.update': {
    access: { roles: ADMIN },
    args: z
      .object({
        accountId: AccountId,
        displayName: DisplayName.optional(),
        role: Role.optional(),
        disabled: z.boolean().optional(),
        /** Required when the role change needs the other kind of secret (PIN ↔ password). */
        secret: Secret.optional(),
      })
      .strict(),
    result: Account,
  },
  /** Sets a new PIN or password and clears any lock-out. */
  'accounts.resetSecret': {
    access: { roles: ADMIN },
    args: z.object({ accountId: AccountId, secret: Secret }).strict(),
    result: Account,
  },
  'accounts.setIdleLock': {
    access: { roles: ADMIN },
    args: z.object({ minutes: z.number().int().min(1).max(240) }).strict(),
    result: z.object({ minutes: z.number().int() }),
  },

  'audit.query': {
    access: { roles: REVIEWERS },
    args: z
      .object({
        beforeId: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        actor: z.string().max(80).optional(),
        action: z.string().max(80).optional(),
      })
      .strict(),
    result: z.array(AuditEntryView),
  },
  'audit.verify': { access: { roles: REVIEWERS }, args: NoArgs, result: AuditVerifyResult },
} as const satisfies Record<string, ChannelSpec>;

export const authEvents = {
  'auth.session': { payload: SessionInfo, access: { roles: 'public' } },
} as const satisfies Record<string, EventSpec>;
