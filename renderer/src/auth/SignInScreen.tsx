/** Sign-in on a shared terminal: a large tile per person, then their PIN (or the admin's password). */
import { useEffect, useRef, useState } from 'react';
import type { AccountTile } from '../api/contract';
import { useApp } from '../app-context';
import { EmergencyStopButton, EmergencyStopFeedback } from '../components/EmergencyStop';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { signInErrorMessage } from './auth-messages';
import { SecretEntry } from './SecretEntry';

export function SignInScreen() {
  const t = useT();
  const { state, signIn, session, setWantsSignIn } = useAuth();
  const { status } = useApp();
  const robotsConnected = (status?.robots.connected ?? 0) > 0;
  const [chosen, setChosen] = useState<AccountTile | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tiles = state?.accounts ?? [];

  // Back on the tiles: focus the question; the PIN field takes focus by itself.
  useEffect(() => {
    if (!chosen) heading.current?.focus();
  }, [chosen]);

  return (
    <section className="auth-screen" aria-labelledby="auth-title">
      <h1 id="auth-title" className="auth-screen__title" tabIndex={-1} ref={heading}>
        {chosen ? t('auth.helloName', { name: chosen.displayName }) : t('auth.whoAreYou')}
      </h1>
      {chosen ? (
        <div className="auth-screen__body">
          <SecretEntry
            kind={chosen.secretKind}
            pinLabel={t('auth.enterPin')}
            onSecret={async (secret) => {
              try {
                await signIn(chosen.accountId, secret);
                // Everyone starts on the robots overview, whatever the last person had open.
                window.location.hash = '#/robots';
                return null;
              } catch (error) {
                return signInErrorMessage(t, error, chosen.secretKind);
              }
            }}
          />
          <button type="button" className="button" onClick={() => setChosen(null)}>
            {t('auth.notMe')}
          </button>
        </div>
      ) : (
        <>
          <p className="auth-screen__intro">{t('auth.chooseTile')}</p>
          {tiles.length === 0 ? (
            <p className="auth-screen__intro">{t('auth.noAccounts')}</p>
          ) : (
            <ul className="user-tiles" aria-label={t('auth.people')}>
              {tiles.map((tile) => {
                const locked = tile.lockedUntilMs > (state?.nowMs ?? 0);
                return (
                  <li key={tile.accountId}>
                    <button
                      type="button"
                      className="user-tile"
                      onClick={() => setChosen(tile)}
                      data-account={tile.accountId}
                    >
                      <span className="user-tile__avatar" aria-hidden="true">
                        {Array.from(tile.displayName)[0]}
                      </span>
                      <span className="user-tile__name">{tile.displayName}</span>
                      <span className="user-tile__role">{t(`auth.role.${tile.role}`)}</span>
                      {locked ? (
                        <span className="user-tile__locked">{t('auth.tileLockedOut')}</span>
                      ) : null}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {robotsConnected ? null : <p className="auth-screen__fine">{t('auth.estopHint')}</p>}
          {session?.user?.kiosk ? (
            <button type="button" className="button" onClick={() => setWantsSignIn(false)}>
              {t('auth.backToKiosk')}
            </button>
          ) : null}
        </>
      )}
      {robotsConnected ? (
        <div className="auth-screen__estop">
          <EmergencyStopButton variant="large" label={t('auth.estop')} />
          <EmergencyStopFeedback />
        </div>
      ) : null}
    </section>
  );
}
