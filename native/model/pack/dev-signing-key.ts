/**
 * DEVELOPMENT signing key — NOT SECRET, NOT FOR PRODUCTION (see trusted-keys.ts).
 * The Ed25519 private key is derived from a published seed so the default pack is signed
 * reproducibly by the training script on any machine. Anyone can sign with it; it only proves a
 * pack has not changed since it was built from this repository.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { DEVELOPMENT_KEY_ID } from './trusted-keys';

const SEED_TEXT = 'genba development model-signing key v1 - public, not for production';
/** PKCS#8 DER prefix for an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function developmentSigningKey(): {
  keyId: string;
  privateKey: KeyObject;
  publicKeySpki: string;
} {
  const seed = createHash('sha256').update(SEED_TEXT).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKeySpki = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .toString('base64');
  return { keyId: DEVELOPMENT_KEY_ID, privateKey, publicKeySpki };
}
