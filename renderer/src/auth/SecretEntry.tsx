/** Asks for a PIN or a password, shows why it failed, and reports success. */
import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { PasswordForm } from './PasswordForm';
import { PinPad } from './PinPad';

export function SecretEntry({
  kind,
  pinLabel,
  onSecret,
}: {
  kind: 'pin' | 'password';
  pinLabel: string;
  /** Resolves with an error message to show, or null on success. */
  onSecret: (secret: string) => Promise<string | null>;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (secret: string) => {
    setBusy(true);
    setError(null);
    const message = await onSecret(secret);
    setBusy(false);
    setError(message);
    return message === null;
  };
  return (
    <div className="secret-entry">
      {kind === 'pin' ? (
        <PinPad label={pinLabel} busy={busy} onSubmit={submit} />
      ) : (
        <PasswordForm busy={busy} onSubmit={submit} />
      )}
      <p className="auth-error" role="alert">
        {error ?? (busy ? t('auth.checking') : '')}
      </p>
    </div>
  );
}
