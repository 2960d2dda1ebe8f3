/** First run: no account exists yet, so the first person creates the administrator. */
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth-context';
import { signInErrorMessage } from './auth-messages';
import { AuthTextField } from './AuthFormRow';
import { AuthScreen } from './AuthScreen';

export function FirstRunSetup() {
  const t = useT();
  const { setup } = useAuth();
  const id = useId();
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setError(t('auth.passwordsDiffer'));
      return;
    }
    if (password.length < 8) {
      setError(t('auth.weakPassword'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await setup({ username: username.trim(), displayName: displayName.trim(), password });
    } catch (failure) {
      setError(signInErrorMessage(t, failure, 'password'));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    key: string,
    label: string,
    value: string,
    set: (value: string) => void,
    type = 'text',
    autoComplete = 'off',
  ) => (
    <AuthTextField
      controlId={`${id}-${key}`}
      label={label}
      value={value}
      onValue={set}
      type={type}
      autoComplete={autoComplete}
    />
  );

  return (
    <AuthScreen headingId="setup-title" title={t('auth.setupTitle')} intro={t('auth.setupIntro')}>
      <form className="auth-form auth-form--wide" onSubmit={(event) => void submit(event)}>
        {field('name', t('auth.displayName'), displayName, setDisplayName)}
        {field('user', t('auth.username'), username, setUsername, 'text', 'username')}
        {field('pw', t('auth.password'), password, setPassword, 'password', 'new-password')}
        {field('pw2', t('auth.passwordConfirm'), confirm, setConfirm, 'password', 'new-password')}
        <p className="section-help">{t('auth.passwordRule')}</p>
        <p className="auth-error" role="alert">
          {error ?? ''}
        </p>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('auth.createAdmin')}
        </button>
      </form>
    </AuthScreen>
  );
}
