/**
 * Sub-routes of the diagnostics area, kept in the hash like every area:
 *   #/diagnostics                 live alerts (care staff: plain sentences; technicians: everything)
 *   #/diagnostics/alert/<id>      the same, with one alert opened (the banner links here)
 *   #/diagnostics/models          the installed model packs
 */
import { useSyncExternalStore } from 'react';

export type DiagnosticsRoute = { page: 'alerts'; alertId: string | null } | { page: 'models' };

export function parseDiagnosticsRoute(hash: string): DiagnosticsRoute {
  const parts = (/^#\/diagnostics\/?(.*)$/.exec(hash)?.[1] ?? '').split('/').filter(Boolean);
  if (parts[0] === 'models') return { page: 'models' };
  if (parts[0] === 'alert' && parts[1]) {
    try {
      return { page: 'alerts', alertId: decodeURIComponent(parts[1]) };
    } catch {
      return { page: 'alerts', alertId: null };
    }
  }
  return { page: 'alerts', alertId: null };
}

export const alertsHref = '#/diagnostics';
export const modelsHref = '#/diagnostics/models';
export function alertHref(id: string): string {
  return `#/diagnostics/alert/${encodeURIComponent(id)}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useDiagnosticsRoute(): DiagnosticsRoute {
  return parseDiagnosticsRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
