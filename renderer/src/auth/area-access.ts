/**
 * Which areas each role sees in the navigation. This only shapes the UI: the main process checks
 * every call against the access in electron/shared/contract/ whatever the screen shows.
 */
import type { Role } from '../api/contract';
import { AREAS, type AreaId } from '../routing';
import { useAuth } from './auth-context';

export const AREA_ROLES: Record<AreaId, readonly Role[]> = {
  robots: ['care-staff', 'supervisor', 'technician', 'admin'],
  // Care staff see open alerts in one sentence and acknowledge them; the rest see everything.
  diagnostics: ['care-staff', 'supervisor', 'technician', 'admin'],
  teach: ['care-staff', 'technician', 'admin'],
  accounts: ['admin'],
  audit: ['supervisor', 'admin'],
  logs: ['care-staff', 'supervisor', 'technician', 'admin'],
  // Supervisors read what left and when; only the admin changes consent.
  sync: ['supervisor', 'admin'],
  settings: ['care-staff', 'supervisor', 'technician', 'admin'],
};

export function areasFor(role: Role | null): AreaId[] {
  return role ? AREAS.filter((area) => AREA_ROLES[area].includes(role)) : [];
}

/** The areas of the signed-in (and unlocked) person or kiosk; none otherwise. */
export function useVisibleAreas(): AreaId[] {
  const { session } = useAuth();
  return areasFor(session && !session.locked ? (session.user?.role ?? null) : null);
}
