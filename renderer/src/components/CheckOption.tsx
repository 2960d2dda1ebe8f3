/** A checkbox inside its label, the label's text after the box. */
import type { ReactNode } from 'react';

export function CheckOption({
  className = 'check check--inline',
  checked,
  onChecked,
  disabled,
  children,
}: {
  className?: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChecked(event.target.checked)}
      />
      {children}
    </label>
  );
}
