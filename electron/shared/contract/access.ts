/**
 * Who may use a channel or receive an event, and the decision for one caller. Every area file of
 * the contract states each channel's access next to the channel; the main process checks it on
 * every call and every pushed event, whatever the transport; the renderer only hides what a role
 * cannot use.
 *
 * Care staff see robots, run assigned tasks, acknowledge alerts and change safe settings;
 * supervisors read everything and make reports and exports; technicians connect, scan, configure,
 * teach and diagnose; admins manage accounts, donation consent and model updates. Admins read
 * everything but do not move robots: they can give themselves a technician account, which keeps
 * "who moved the arm" honest in the audit trail.
 */
import { ROLES, type Role } from '../../../native/domain';

export interface ChannelAccess {
  /** `public`: also allowed while signed out. Otherwise the roles allowed. */
  roles: 'public' | readonly Role[];
  /** Still allowed while the session is locked (safety: the emergency stop). */
  whenLocked?: boolean;
  /**
   * The dispatcher writes an audit row (this action) when it accepts the call, before the handler
   * runs: for robot commands that are not database writes. Database writes audit themselves in
   * their own transaction instead.
   */
  auditOnAccept?: string;
}

export const ALL: readonly Role[] = ROLES;
export const READERS: readonly Role[] = ['supervisor', 'technician', 'admin'];
export const TECHNICIAN: readonly Role[] = ['technician'];
export const ADMIN: readonly Role[] = ['admin'];
export const REVIEWERS: readonly Role[] = ['supervisor', 'admin'];

/** What the dispatcher knows about the caller. */
export interface AccessSubject {
  role: Role | null;
  locked: boolean;
}

export type AccessDecision =
  | { allowed: true; access: ChannelAccess }
  | { allowed: false; code: 'sign-in-required' | 'session-locked' | 'forbidden' };

export function decide(access: ChannelAccess, subject: AccessSubject): AccessDecision {
  if (access.roles === 'public') return { allowed: true, access };
  if (subject.role === null) return { allowed: false, code: 'sign-in-required' };
  if (subject.locked && !access.whenLocked) return { allowed: false, code: 'session-locked' };
  if (!access.roles.includes(subject.role)) return { allowed: false, code: 'forbidden' };
  return { allowed: true, access };
}
