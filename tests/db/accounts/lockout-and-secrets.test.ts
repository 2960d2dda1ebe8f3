import { describe, expect, it } from 'vitest';
import {
  BASE_LOCKOUT_MS,
  MAX_LOCKOUT_MS,
  afterFailure,
  afterSuccess,
  isLockedOut,
  lockoutDurationMs,
} from '../../../db/accounts/lockout-policy';
import { hashSecret, verifySecret } from '../../../db/accounts/secret-hash';

describe('lock-out after repeated failures', () => {
  it('locks for 5 minutes after 5 failures, then doubles, capped at 24 h', () => {
    let state = afterSuccess();
    for (let i = 1; i < 5; i++) {
      const next = afterFailure(state, 0);
      expect(next.lockedOut).toBe(false);
      state = next;
    }
    const first = afterFailure(state, 1000);
    expect(first).toMatchObject({ lockedOut: true, lockedUntilMs: 1000 + BASE_LOCKOUT_MS });
    expect(isLockedOut(first, 1000 + BASE_LOCKOUT_MS - 1)).toBe(true);
    expect(isLockedOut(first, 1000 + BASE_LOCKOUT_MS)).toBe(false);
    expect(lockoutDurationMs(2)).toBe(2 * BASE_LOCKOUT_MS);
    expect(lockoutDurationMs(3)).toBe(4 * BASE_LOCKOUT_MS);
    expect(lockoutDurationMs(40)).toBe(MAX_LOCKOUT_MS);
    let second = { ...first, lockedUntilMs: 0 };
    for (let i = 1; i < 5; i++) second = { ...afterFailure(second, 0) };
    expect(afterFailure(second, 0).lockedUntilMs).toBe(2 * BASE_LOCKOUT_MS);
  });
});

describe('scrypt secrets', () => {
  it('hashes with a per-secret salt and verifies only the right secret', async () => {
    const cost = { N: 1024, r: 8, p: 1 };
    const a = await hashSecret('2468', cost);
    const b = await hashSecret('2468', cost);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('2468', a)).toBe(true);
    expect(await verifySecret('2469', a)).toBe(false);
    expect(await verifySecret('', a)).toBe(false);
    expect(await verifySecret('2468', null)).toBe(false);
    expect(await verifySecret('2468', 'plain-text')).toBe(false);
    expect(await verifySecret('2468', a.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
  });
});
