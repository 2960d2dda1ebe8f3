/**
 * PINs and passwords are stored only as scrypt hashes (node:crypto) with a random per-account
 * salt, and compared in constant time. Hashing runs on libuv's thread pool (async scrypt), so a
 * sign-in never blocks the main thread or the database worker.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>` so the cost can be raised later
 * without invalidating existing secrets.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** N = 2^15 (32 MiB with r = 8): ~50–100 ms per attempt on a small PC, on top of the lock-out. */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 128 * (options.N ?? 0) * (options.r ?? 8) * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashSecret(
  secret: string,
  cost: { N: number; r: number; p: number } = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

/** A stored hash for "no such account", so a wrong name costs the same time as a wrong PIN. */
let dummyHash: Promise<string> | null = null;

export async function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  dummyHash ??= hashSecret('not-a-real-secret');
  const target = stored ?? (await dummyHash);
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const N = Number(n);
  const cost = { N, r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(keyText, 'base64');
  const actual = await derive(secret, Buffer.from(saltText, 'base64'), cost);
  const same = actual.length === expected.length && timingSafeEqual(actual, expected);
  return stored !== null && same;
}
