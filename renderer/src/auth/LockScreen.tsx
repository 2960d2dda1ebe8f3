/**
 * The locked terminal: the person who locked it unlocks with their own PIN or password; anyone
 * can switch user. The emergency stop stays available here — a lock screen must never stand
 * between a person and stopping a robot.
 */
import { EmergencyStopButton, EmergencyStopFeedback } from '../components/EmergencyStop';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { signInErrorMessage } from './auth-messages';
import { AuthScreen } from './AuthScreen';
import { SecretEntry } from './SecretEntry';

export function LockScreen() {
  const t = useT();
  const { session, unlock, signOut } = useAuth();
  const user = session?.user;
  if (!user) return null;
  const kind = user.role === 'admin' ? 'password' : 'pin';

  return (
    <AuthScreen
      headingId="lock-title"
      title={t('auth.lockedTitle')}
      intro={t('auth.lockedBy', { name: user.displayName })}
    >
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
        </div>
        <div className="auth-screen__estop">
          <EmergencyStopButton variant="large" label={t('auth.estop')} />
          <EmergencyStopFeedback />
        </div>
      </div>
    </AuthScreen>
  );
}
