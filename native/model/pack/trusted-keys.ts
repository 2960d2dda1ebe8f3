/**
 * Who may sign a model pack, pinned in the app (never read from the pack).
 *
 * Signing decision. Packs are signed with Ed25519 (node:crypto). Two slots:
 * - `consortium-1`: the consortium's production key. Only its public key will ever live here; the
 *   private key stays with the consortium's release process. The slot is empty until the key is
 *   issued, so nothing can verify against it yet.
 * - `genba-dev-1`: a DEVELOPMENT key, so that `npm run train:diagnostics` produces a verifiable,
 *   byte-identical default pack on any laptop. Its private key is derived from a published seed
 *   (dev-signing-key.ts) and is therefore NOT SECRET: a pack signed with it proves integrity
 *   (nothing changed since training), not authority. The registry records which key signed a pack
 *   and the Models page shows "development key" for such packs; a production build drops this
 *   entry (or sets GENBA_TRUST_DEVELOPMENT_KEYS=0) so only consortium-signed packs activate.
 */
export interface TrustedKey {
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
  development: boolean;
  owner: string;
}

export const DEVELOPMENT_KEY_ID = 'genba-dev-1';

export const TRUSTED_KEYS: readonly TrustedKey[] = [
  {
    keyId: DEVELOPMENT_KEY_ID,
    publicKey: 'MCowBQYDK2VwAyEAkcHAF0hoA2+Qg/fgMxVTxDzR5DJHGAa3EKG7qxlM/9k=',
    development: true,
    owner: 'Genba development (reproducible default pack; not secret)',
  },
  // { keyId: 'consortium-1', publicKey: '<issued by the consortium>', development: false, owner: 'Physical AI consortium' },
];

export function trustedKeys(env: NodeJS.ProcessEnv = process.env): readonly TrustedKey[] {
  if (env.GENBA_TRUST_DEVELOPMENT_KEYS === '0') return TRUSTED_KEYS.filter((k) => !k.development);
  return TRUSTED_KEYS;
}
