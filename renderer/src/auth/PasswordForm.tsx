/** The administrator's password field (admins use a password, everyone else a PIN). */
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';

export function PasswordForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (password: string) => Promise<boolean>;
}) {
  const t = useT();
  const id = useId();
  const [password, setPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password || busy) return;
    if (!(await onSubmit(password))) setPassword('');
  };
  return (
    <form className="auth-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id} className="auth-form__label">
        {t('auth.password')}
      </label>
      <input
        id={id}
        className="auth-form__input"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        autoFocus
      />
      <button type="submit" className="button button--primary" disabled={!password || busy}>
        {t('auth.signIn')}
      </button>
    </form>
  );
}
