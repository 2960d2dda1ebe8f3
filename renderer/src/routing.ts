/**
 * Hash routing: `#/robots`, `#/logs`, … One hash per area keeps reloads and bookmarks working in
 * both the desktop shell (custom protocol) and browser mode without server routes.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { MessageKey } from './i18n/i18n';

export const AREAS = [
  'robots',
  'diagnostics',
  'teach',
  'accounts',
  'audit',
  'logs',
  'sync',
  'settings',
] as const;
export type AreaId = (typeof AREAS)[number];

/** Every area's name is the dictionary entry `nav.<area>`. */
export function areaLabel(area: AreaId): MessageKey {
  return `nav.${area}`;
}

export const DEFAULT_AREA: AreaId = 'robots';

export function areaHref(area: AreaId): string {
  return `#/${area}`;
}

export function parseArea(hash: string): AreaId | null {
  const name = /^#\/([a-z-]+)/.exec(hash)?.[1];
  return (AREAS as readonly string[]).includes(name ?? '') ? (name as AreaId) : null;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const getHash = () => window.location.hash;

/** The current area; an empty or unknown hash is replaced by the default area. */
export function useArea(): AreaId {
  const hash = useSyncExternalStore(subscribe, getHash);
  const area = parseArea(hash);
  useEffect(() => {
    if (area === null) {
      history.replaceState(
        null,
        '',
        `${window.location.pathname}${window.location.search}${areaHref(DEFAULT_AREA)}`,
      );
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }, [area]);
  return area ?? DEFAULT_AREA;
}
