/** A one-line entry for paths, addresses and codes: no spelling marks, no browser autocomplete. */
import type { InputHTMLAttributes } from 'react';

export function TextEntry({
  value,
  onValue,
  ...input
}: {
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <input
      {...input}
      value={value}
      onChange={(event) => onValue(event.target.value)}
      spellCheck={false}
      autoComplete="off"
    />
  );
}
