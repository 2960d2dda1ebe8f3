/**
 * Sub-routes of the robots area, kept in the hash like every area:
 *   #/robots                      the care-staff overview (one card per robot)
 *   #/robots/connect              the technician's connect flow (ports, profile, bus scan)
 *   #/robots/<id>[/<tab>]         one robot's technician page
 */
import { useSyncExternalStore } from 'react';

export const ROBOT_TABS = ['joints', 'plots', 'table', 'console'] as const;
export type RobotTab = (typeof ROBOT_TABS)[number];

export type RobotRoute =
  { page: 'overview' } | { page: 'connect' } | { page: 'robot'; robotId: string; tab: RobotTab };

export function parseRobotRoute(hash: string): RobotRoute {
  const rest = /^#\/robots\/?(.*)$/.exec(hash)?.[1] ?? '';
  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'overview' };
  if (parts[0] === 'connect') return { page: 'connect' };
  let robotId: string;
  try {
    robotId = decodeURIComponent(parts[0] ?? '');
  } catch {
    return { page: 'overview' };
  }
  const tab = (ROBOT_TABS as readonly string[]).includes(parts[1] ?? '')
    ? (parts[1] as RobotTab)
    : 'joints';
  return { page: 'robot', robotId, tab };
}

export const overviewHref = '#/robots';
export const connectHref = '#/robots/connect';
export function robotHref(robotId: string, tab: RobotTab = 'joints'): string {
  return `#/robots/${encodeURIComponent(robotId)}${tab === 'joints' ? '' : `/${tab}`}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRobotRoute(): RobotRoute {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRobotRoute(hash);
}

export function navigate(href: string): void {
  window.location.hash = href;
}
