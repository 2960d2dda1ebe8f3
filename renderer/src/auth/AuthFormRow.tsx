/** One labelled row of an account form (first-run setup, new account): the label above its control. */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldRow } from '../components/LabelledField';

export function AuthFormRow({
  controlId,
  label,
  children,
}: {
  controlId: string;
  label: ReactNode;
  /** The control, with `id={controlId}`. */
  children: ReactNode;
}) {
  return (
    <FieldRow
      controlId={controlId}
      label={label}
      className="auth-form__row"
      labelClassName="auth-form__label"
    >
      {children}
    </FieldRow>
  );
}

/** A required text or password field in its row; other input attributes pass through. */
export function AuthTextField({
  controlId,
  label,
  value,
  onValue,
  ...input
}: {
  controlId: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange'>) {
  return (
    <AuthFormRow controlId={controlId} label={label}>
      <input
        {...input}
        id={controlId}
        className="auth-form__input"
        value={value}
        onChange={(event) => onValue(event.target.value)}
        required
      />
    </AuthFormRow>
  );
}
