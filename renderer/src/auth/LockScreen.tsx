/**
 * The locked terminal: the person who locked it unlocks with their own PIN or password; anyone
 * can switch user. The emergency stop stays available here — a lock screen must never stand
 * between a person and stopping a robot.
 */
import { useState } from 'react';
import { useApp } from '../app-context';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { signInErrorMessage } from './auth-messages';
import { SecretEntry } from './SecretEntry';

export function LockScreen() {
  const t = useT();
  const { api, reportError } = useApp();
  const { session, unlock, signOut } = useAuth();
  const [stopped, setStopped] = useState<string | null>(null);
  const user = session?.user;
  if (!user) return null;
  const kind = user.role === 'admin' ? 'password' : 'pin';

  const emergencyStop = () => {
    api
      .invoke('robots.emergencyStop', {})
      .then(
        (result) => setStopped(t('auth.estopDone', { count: result.stopped.length })),
        reportError,
      );
  };

  return (
    <section className="auth-screen" aria-labelledby="lock-title">
      <h1 id="lock-title" className="auth-screen__title">
        {t('auth.lockedTitle')}
      </h1>
      <p className="auth-screen__intro">{t('auth.lockedBy', { name: user.displayName })}</p>
      <div className="auth-screen__body">
        <SecretEntry
          kind={kind}
          pinLabel={t('auth.enterPinToUnlock')}
          onSecret={async (secret) => {
            try {
              await unlock(secret);
              return null;
            } catch (error) {
              return signInErrorMessage(t, error, kind);
            }
          }}
        />
        <div className="auth-screen__actions">
          <button type="button" className="button" onClick={() => void signOut()}>
            {t('auth.switchUser')}
          </button>
          <button type="button" className="button estop-button" onClick={emergencyStop}>
            {t('auth.estop')}
          </button>
        </div>
        <p className="auth-screen__fine" aria-live="polite">
          {stopped ?? ''}
        </p>
      </div>
    </section>
  );
}
