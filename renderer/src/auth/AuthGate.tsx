/**
 * What the main area shows before the areas: loading, first-run setup, sign-in, or the lock
 * screen. Returns null when the person (or kiosk) may see the areas.
 */
import type { ReactNode } from 'react';
import { Panel } from '../components/Panel';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { FirstRunSetup } from './FirstRunSetup';
import { LockScreen } from './LockScreen';
import { SignInScreen } from './SignInScreen';
import { LoadingNote } from '../components/LoadingNote';
import './auth.css';

export function useAuthGate(): ReactNode | null {
  const { state, session, wantsSignIn } = useAuth();
  if (!state || !session) return <AuthLoading />;
  const kiosk = session.user?.kiosk ?? false;
  // A kiosk terminal shows its areas even before the administrator exists.
  if (state.setupRequired && (!kiosk || wantsSignIn)) return <FirstRunSetup />;
  if (!session.user) return <SignInScreen />;
  if (session.locked) return <LockScreen />;
  if (kiosk && wantsSignIn) return <SignInScreen />;
  return null;
}

function AuthLoading() {
  const t = useT();
  return <LoadingNote>{t('app.loading')}</LoadingNote>;
}

/** Shown instead of an area this role does not use. */
export function NotForYourRole() {
  const t = useT();
  return (
    <Panel
      level={1}
      title={t('auth.notForRoleTitle')}
      className="panel panel--quiet"
      headingId="not-for-role"
      headingClassName="panel__title"
    >
      <p className="panel__body">{t('auth.notForRoleBody')}</p>
    </Panel>
  );
}
