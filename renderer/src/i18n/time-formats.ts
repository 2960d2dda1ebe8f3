/** Date and time formats in the UI's language, for every screen that shows when something happened. */
import { useMemo } from 'react';
import type { Language } from '../api/contract';

export interface TimeFormats {
  /** Date and time to the second (table, details). */
  full: (ms: number) => string;
  /** Date and time to the minute (ranges, report). */
  minute: (ms: number) => string;
  /** Time of day only (axes). */
  clock: (ms: number) => string;
  /** Compact numeric date and time to the second (the event table's narrow column). */
  compact: (ms: number) => string;
}

export function timeFormats(language: Language): TimeFormats {
  const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
  const full = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const minute = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const compact = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return {
    compact: (ms) => compact.format(ms),
    full: (ms) => full.format(ms),
    minute: (ms) => minute.format(ms),
    clock: (ms) => clock.format(ms),
  };
}

export function useTimeFormats(language: Language): TimeFormats {
  return useMemo(() => timeFormats(language), [language]);
}

/** Time of day to the second in the system's own locale (the console and the stop's outcome). */
export function systemClockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
