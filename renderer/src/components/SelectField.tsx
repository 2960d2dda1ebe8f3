/** Drop-downs: the options of a closed list, and a labelled select over them. */
import type { ReactNode, SelectHTMLAttributes } from 'react';
import { LabelledField } from './LabelledField';

/** One `<option>` per value, its text from `label`. */
export function OptionList<T extends string | number>({
  values,
  label,
}: {
  values: readonly T[];
  label: (value: T) => ReactNode;
}) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </>
  );
}

/** The select sends text; give back the listed value it stands for (a number stays a number). */
function chosenValue<T extends string | number>(options: readonly T[], text: string): T {
  return options.find((option) => String(option) === text) ?? (text as T);
}

/**
 * A select inside its label (`<label><span>text</span><select>…</select></label>`), one option
 * per value. Other select attributes (`disabled`, `data-testid`) pass through.
 */
export function SelectField<T extends string | number>({
  label,
  className,
  value,
  options,
  optionLabel,
  onValue,
  none,
  ...select
}: {
  label: ReactNode;
  /** The label's class (`field`, `field field--inline`, …). */
  className?: string;
  value: T;
  options: readonly T[];
  optionLabel: (option: T) => ReactNode;
  onValue: (value: T) => void;
  /** The text of an empty first choice ("all", "every joint"); choosing it gives `''`. */
  none?: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <LabelledField label={label} className={className}>
      <select
        {...select}
        value={value}
        onChange={(event) => onValue(chosenValue(options, event.target.value))}
      >
        {none === undefined ? null : <option value="">{none}</option>}
        <OptionList values={options} label={optionLabel} />
      </select>
    </LabelledField>
  );
}
