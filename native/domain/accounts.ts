/** Accounts and the audit trail, as the database returns them. */
import type { Role, SecretKind } from './roles';

export interface AccountTile {
  accountId: number;
  displayName: string;
  role: Role;
  secretKind: SecretKind;
  /** Locked out after repeated failures until this time (0 = not locked out). */
  lockedUntilMs: number;
}

export interface Account {
  accountId: number;
  username: string;
  displayName: string;
  role: Role;
  secretKind: SecretKind;
  disabled: boolean;
  failedCount: number;
  lockedUntilMs: number;
  createdMs: number;
  lastSignInMs: number | null;
}

export interface AuditEntryView {
  id: number;
  tMs: number;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  hash: string | null;
}
