/** Turns a sign-in failure into words for the person at the screen. */
import type { Translate } from '../i18n/i18n';
import { apiErrorCode } from './auth-context';

export function signInErrorMessage(t: Translate, error: unknown, kind: 'pin' | 'password'): string {
  switch (apiErrorCode(error)) {
    case 'sign-in-failed':
      return t(kind === 'pin' ? 'auth.wrongPin' : 'auth.wrongPassword');
    case 'account-locked-out': {
      const until = (error as { error?: { details?: { lockedUntilMs?: number } } }).error?.details
        ?.lockedUntilMs;
      const minutes = until ? Math.max(1, Math.ceil((until - Date.now()) / 60_000)) : 5;
      return t('auth.lockedOut', { minutes });
    }
    case 'weak-secret':
      return t(kind === 'pin' ? 'auth.weakPin' : 'auth.weakPassword');
    case 'connection-lost':
      return t('auth.connectionLost');
    default:
      return error instanceof Error && error.message ? error.message : t('error.unknown');
  }
}
