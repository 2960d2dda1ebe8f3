/** Control-table values as a technician reads and types them. */

export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(1);
  // Four significant digits keep tiny SI values (e.g. 0.0005 s) readable.
  return String(Number(value.toPrecision(4)));
}

export function formatWithUnit(value: number, unit: string | null): string {
  return `${formatValue(value)}${unit ? ` ${unit}` : ''}`;
}

/** A typed value (a decimal comma is accepted), or null when it is not a number. */
export function parseDraft(draft: string): number | null {
  const text = draft.trim().replace(',', '.');
  const value = Number(text);
  return text === '' || !Number.isFinite(value) ? null : value;
}
