/** One radio choice drawn as a card: the hidden-looking radio, its mark, then what it chooses. */
import type { ReactNode } from 'react';

export function RadioChoice({
  name,
  value,
  checked,
  onChoose,
  mark,
  lang,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChoose: () => void;
  /** What the mark shows when chosen (the styles draw a plain dot without it). */
  mark?: ReactNode;
  /** The choice's own language, when it names one. */
  lang?: string;
  children: ReactNode;
}) {
  return (
    <label className="choice" lang={lang}>
      <input type="radio" name={name} value={value} checked={checked} onChange={onChoose} />
      <span className="choice__mark" aria-hidden="true">
        {mark}
      </span>
      {children}
    </label>
  );
}
