/**
 * Which other site's log file this terminal is reviewing, kept outside the Logs area so that
 * leaving Logs does not forget it: every screen says so until the person goes back to this
 * Genba's own log (or signs out, which the main process takes as going back).
 */
import { useSyncExternalStore } from 'react';
import type { LogSource } from '../../api/contract';

let viewed: LogSource | null = null;
const listeners = new Set<() => void>();

export function setViewedLogFile(next: LogSource | null): void {
  if (next === viewed) return;
  viewed = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useViewedLogFile(): LogSource | null {
  return useSyncExternalStore(subscribe, () => viewed);
}
