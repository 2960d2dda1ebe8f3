/**
 * A PIN pad for touch screens (72 px keys) that also works from a keyboard: the PIN field takes
 * digits, Backspace and Enter directly, and every key is a real button.
 */
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';

export function PinPad({
  label,
  busy,
  onSubmit,
}: {
  label: string;
  busy: boolean;
  onSubmit: (pin: string) => Promise<boolean>;
}) {
  const t = useT();
  const id = useId();
  const [pin, setPin] = useState('');

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pin.length < 4 || busy) return;
    const ok = await onSubmit(pin);
    if (!ok) setPin('');
  };
  const press = (digit: string) =>
    setPin((current) => (current.length < 8 ? current + digit : current));

  return (
    <form className="pin-pad" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id} className="pin-pad__label">
        {label}
      </label>
      <input
        id={id}
        className="pin-pad__field"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]*"
        maxLength={8}
        value={pin}
        onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, 8))}
        autoFocus
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="pin-pad__hint">
        {t('auth.pinHint')}
      </p>
      <div className="pin-pad__keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => (
          <button
            key={digit}
            type="button"
            className="pin-pad__key"
            onClick={() => press(digit)}
            data-key={digit}
          >
            {digit}
          </button>
        ))}
        <button
          type="button"
          className="pin-pad__key pin-pad__key--wide"
          onClick={() => setPin((current) => current.slice(0, -1))}
          aria-label={t('auth.pinDelete')}
        >
          ⌫
        </button>
        <button type="button" className="pin-pad__key" onClick={() => press('0')} data-key="0">
          0
        </button>
        <button
          type="submit"
          className="pin-pad__key pin-pad__key--ok"
          disabled={pin.length < 4 || busy}
        >
          {t('auth.pinOk')}
        </button>
      </div>
    </form>
  );
}
