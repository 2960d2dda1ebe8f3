/** `#/logs/report?from=…&to=…` → the report's range; null for the Logs area itself. */
import { useSyncExternalStore } from 'react';
import type { TimeRange } from './time-range';

function subscribeHash(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function parseReportHash(hash: string): TimeRange | null {
  const match = /^#\/logs\/report\?(.*)$/.exec(hash);
  if (!match) return null;
  const params = new URLSearchParams(match[1]);
  const fromMs = Number(params.get('from'));
  const toMs = Number(params.get('to'));
  return Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs
    ? { fromMs, toMs }
    : null;
}

export function useReportRoute(): TimeRange | null {
  return parseReportHash(useSyncExternalStore(subscribeHash, () => window.location.hash));
}

export function reportHref(range: TimeRange): string {
  return `#/logs/report?from=${range.fromMs}&to=${range.toMs}`;
}
