/** A form control with its visible label: wrapped in it, or beside it in a row. */
import type { ReactNode } from 'react';

/** What a labelled control of one value takes: its label's text, the value, and the new value. */
export interface LabelledValueProps<T> {
  label: string;
  value: T;
  onValue: (value: T) => void;
}

/** The control inside its label, the label's text first: `<label><span>text</span>control</label>`. */
export function LabelledField({
  label,
  className,
  children,
}: {
  label: ReactNode;
  /** The label's class (`field`, `field field--inline`, `sync-field`, …). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A row holding a label and the control it names by id, then anything after it (help text). */
export function FieldRow({
  controlId,
  label,
  className = 'field',
  labelClassName,
  children,
}: {
  controlId: string;
  label: ReactNode;
  className?: string;
  labelClassName?: string;
  /** The control, with `id={controlId}`. */
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={controlId} className={labelClassName}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** A label over the row that holds its control and the control's buttons (search, send, open). */
export function LabelOverRow({
  controlId,
  label,
  labelClassName,
  rowClassName,
  children,
}: {
  controlId: string;
  label: ReactNode;
  labelClassName?: string;
  rowClassName: string;
  /** The control, with `id={controlId}`, and what stands beside it. */
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={controlId} className={labelClassName}>
        {label}
      </label>
      <div className={rowClassName}>{children}</div>
    </>
  );
}
