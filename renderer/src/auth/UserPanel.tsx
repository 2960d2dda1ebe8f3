/** In the sidebar: who is signed in, and Lock / Sign out (or Sign in on a kiosk). */
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';

export function UserPanel() {
  const t = useT();
  const { session, lock, signOut, setWantsSignIn } = useAuth();
  const user = session?.user;
  if (!user || session.locked) return null;
  return (
    <div className="user-panel" data-role={user.role}>
      <p className="user-panel__who">
        <span className="user-panel__name">{user.kiosk ? t('auth.kiosk') : user.displayName}</span>
        <span className="user-panel__role">{t(`auth.role.${user.role}`)}</span>
      </p>
      <div className="user-panel__actions">
        {user.kiosk ? (
          <button type="button" className="user-panel__button" onClick={() => setWantsSignIn(true)}>
            {t('auth.signIn')}
          </button>
        ) : (
          <>
            <button type="button" className="user-panel__button" onClick={() => void lock()}>
              {t('auth.lock')}
            </button>
            <button type="button" className="user-panel__button" onClick={() => void signOut()}>
              {t('auth.signOut')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
