/**
 * Who may sign a model pack, pinned in the app (never read from the pack), and where each is
 * believed.
 *
 * Packs are signed with Ed25519 (node:crypto). Two slots:
 * - `consortium-1`: the consortium's production key. Only its public key will ever live here; the
 *   private key stays with the consortium's release process. The slot is empty until the key is
 *   issued, so nothing can verify against it yet.
 * - `genba-dev-1`: a DEVELOPMENT key, so that `npm run train:diagnostics` produces a verifiable,
 *   byte-identical default pack on any laptop. Its private key is derived from a published seed
 *   (dev-signing-key.ts), so anyone can sign with it: it proves integrity, not authority. It is
 *   therefore believed only where `PackTrust.developmentKey` is true (tools run from source, the
 *   demo facility); the packaged app and `genba serve` without the demo refuse it, except for the
 *   exact packs that ship inside the app, pinned below by digest.
 */
import { RELEASE_BUILD } from '../../platform/release-build';

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

/**
 * Digests (sha256 of the signed manifest) of the packs in assets/models. They are signed with the
 * development key yet trusted everywhere, because they are part of the app itself; a retrained
 * pack must be pinned here again (a test compares these with the committed packs).
 */
export const BUNDLED_PACK_DIGESTS: readonly string[] = [
  // assets/models/diagnostics-default
  '1e3088b2abbb5e84e3609a6777ce260155498735124100a95e60931c7570ef7a',
  // assets/models/teaching-v1
  'dbd933646c7441524b094305d4a523d221a0e504c549cf43c022a0fa961e6124',
];

/** Whether packs signed with the development key may be activated here. */
export interface PackTrust {
  developmentKey: boolean;
}

/**
 * Command-line tools and training run from source: development builds, so the development key is
 * believed; in the packaged app it never is.
 */
export const TOOL_PACK_TRUST: PackTrust = { developmentKey: !RELEASE_BUILD };

/**
 * The app's services (desktop or `genba serve`): the development key only while the demo facility
 * runs, or when a developer asks for it with GENBA_TRUST_DEVELOPMENT_KEY=1; never in the packaged
 * app, whatever the environment says.
 */
export function servicePackTrust(demo: boolean, env: NodeJS.ProcessEnv = process.env): PackTrust {
  if (RELEASE_BUILD) return { developmentKey: false };
  return { developmentKey: demo || env.GENBA_TRUST_DEVELOPMENT_KEY === '1' };
}

/** The keys whose signatures are believed under `trust`. */
export function trustedKeys(trust: PackTrust): readonly TrustedKey[] {
  return trust.developmentKey ? TRUSTED_KEYS : TRUSTED_KEYS.filter((k) => !k.development);
}
