/**
 * Lock-out after repeated failures: after 5 wrong PINs or passwords in a row the account is
 * locked for 5 minutes; each further lock-out doubles the time (10, 20, 40 … at most 24 hours).
 * A successful sign-in, or an administrator setting a new secret, resets it.
 */
export const MAX_FAILURES = 5;
export const BASE_LOCKOUT_MS = 5 * 60_000;
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000;

export interface LockoutState {
  failedCount: number;
  lockoutLevel: number;
  lockedUntilMs: number;
}

export function isLockedOut(state: LockoutState, nowMs: number): boolean {
  return state.lockedUntilMs > nowMs;
}

export function lockoutDurationMs(level: number): number {
  return Math.min(BASE_LOCKOUT_MS * 2 ** Math.max(0, level - 1), MAX_LOCKOUT_MS);
}

/** The state after one failed attempt; `lockedOut` tells whether this failure started a lock-out. */
export function afterFailure(
  state: LockoutState,
  nowMs: number,
): LockoutState & { lockedOut: boolean } {
  const failedCount = state.failedCount + 1;
  if (failedCount < MAX_FAILURES) return { ...state, failedCount, lockedOut: false };
  const lockoutLevel = state.lockoutLevel + 1;
  return {
    failedCount: 0,
    lockoutLevel,
    lockedUntilMs: nowMs + lockoutDurationMs(lockoutLevel),
    lockedOut: true,
  };
}

export function afterSuccess(): LockoutState {
  return { failedCount: 0, lockoutLevel: 0, lockedUntilMs: 0 };
}
