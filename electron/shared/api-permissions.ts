/**
 * Who may call what: every request channel and event → the roles allowed to use it. The main
 * process checks this table on every call (api-dispatcher.ts) and on every pushed event, whatever
 * the transport; the renderer only hides what a role cannot use. A test fails when a channel has
 * no entry of its own; until then the prefix defaults below apply (and unknown prefixes are
 * refused to everyone).
 *
 * Roles (issue 8): care staff see robots, run assigned tasks, acknowledge alerts and change safe
 * settings; supervisors read everything and make reports and exports; technicians connect, scan,
 * configure, teach and diagnose; admins manage accounts, donation consent and model updates.
 * Admins read everything but do not move robots: they can give themselves a technician account,
 * which keeps "who moved the arm" honest in the audit trail.
 */
import { ROLES, type Role } from '../../native/domain';
import type { EventChannel, RequestChannel } from './api-contract';

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

const ALL: readonly Role[] = ROLES;
const READERS: readonly Role[] = ['supervisor', 'technician', 'admin'];
const TECHNICIAN: readonly Role[] = ['technician'];
const ADMIN: readonly Role[] = ['admin'];
const REVIEWERS: readonly Role[] = ['supervisor', 'admin'];

export const requestPermissions: Partial<Record<RequestChannel, ChannelAccess>> = {
  'app.info': { roles: 'public' },
  'app.status': { roles: 'public' },
  'settings.getUi': { roles: 'public' },
  'settings.setLanguage': { roles: ALL },

  'robots.list': { roles: ALL, whenLocked: true },
  'robots.get': { roles: ALL },
  'robots.connect': { roles: TECHNICIAN, auditOnAccept: 'robot.connect' },
  'robots.disconnect': { roles: TECHNICIAN, auditOnAccept: 'robot.disconnect' },
  'robots.rename': { roles: ['technician', 'admin'] },
  'robots.command': { roles: TECHNICIAN, auditOnAccept: 'robot.command' },
  /**
   * Every signed-in role, and also while the terminal is locked: a lock screen must never stand
   * between a person and stopping a robot. (Signed out there is no session to attribute it to;
   * the sign-in screen points to the robot's physical stop button instead.)
   */
  'robots.emergencyStop': {
    roles: ALL,
    whenLocked: true,
    auditOnAccept: 'robot.emergency-stop',
  },
  'robots.moveJoint': { roles: TECHNICIAN, auditOnAccept: 'robot.move-joint' },
  'gripper.command': { roles: TECHNICIAN, auditOnAccept: 'gripper.command' },
  'controlTable.read': { roles: READERS },
  'controlTable.write': { roles: TECHNICIAN, auditOnAccept: 'control-table.write' },
  'console.send': { roles: TECHNICIAN, auditOnAccept: 'console.send' },
  'ports.list': { roles: READERS },
  'bus.scan': { roles: TECHNICIAN, auditOnAccept: 'bus.scan' },
  'bus.cancelScan': { roles: TECHNICIAN },
  'events.query': { roles: ALL },

  // The log store (issue: logs): reading is for everyone who sees the Logs area; the shift
  // report and exports (data leaving Genba, audited) for the readers.
  'logs.bounds': { roles: ALL },
  'logs.timeline': { roles: ALL },
  'logs.telemetrySeries': { roles: ALL },
  'logs.telemetryAround': { roles: ALL },
  'logs.shiftReport': { roles: READERS },
  'logs.export': { roles: READERS, auditOnAccept: 'logs.export' },
  'logs.shiftReportPdf': { roles: READERS, auditOnAccept: 'logs.shift-report-pdf' },
  // Reviewing another site's log file (read-only, this connection only).
  'logs.openFile': { roles: READERS },

  // Diagnostics alerts: care staff acknowledge them too.
  'alerts.list': { roles: ALL },
  'alerts.acknowledge': { roles: ALL, auditOnAccept: 'alert.acknowledge' },

  // Model packs: anyone who diagnoses sees them; only an administrator changes them.
  'models.list': { roles: READERS },
  'models.activate': { roles: ADMIN, auditOnAccept: 'model.activate' },
  'models.rollback': { roles: ADMIN, auditOnAccept: 'model.rollback' },
  'models.import': { roles: ADMIN, auditOnAccept: 'model.import' },

  // Demo tools: a fault injected into a demo simulator (only while the demo facility runs).
  'demo.injectFault': { roles: ['technician', 'admin'], auditOnAccept: 'demo.inject-fault' },
  'demo.clearFaults': { roles: ['technician', 'admin'], auditOnAccept: 'demo.clear-faults' },

  // Donation sync: supervisors and admins see what leaves and when; only an administrator
  // decides what leaves (consent), where to (endpoint) and accepts model updates.
  'sync.status': { roles: REVIEWERS },
  'sync.history': { roles: REVIEWERS },
  'sync.preview': { roles: REVIEWERS },
  'sync.dataDictionary': { roles: REVIEWERS },
  'sync.setConsent': { roles: ADMIN },
  'sync.pause': { roles: ADMIN },
  'sync.resume': { roles: ADMIN },
  'sync.setBandwidth': { roles: ADMIN },
  'sync.setEndpoint': { roles: ADMIN },
  'sync.checkModelUpdate': { roles: ADMIN, auditOnAccept: 'sync.model-update.check' },
  'sync.activateModelUpdate': { roles: ADMIN, auditOnAccept: 'sync.model-update.activate' },
  'sync.rollbackModelUpdate': { roles: ADMIN, auditOnAccept: 'sync.model-update.rollback' },

  'auth.state': { roles: 'public' },
  'auth.setup': { roles: 'public' },
  'auth.signIn': { roles: 'public' },
  'auth.signOut': { roles: 'public' },
  'auth.lock': { roles: 'public' },
  'auth.unlock': { roles: 'public' },

  'accounts.list': { roles: ADMIN },
  'accounts.create': { roles: ADMIN },
  'accounts.update': { roles: ADMIN },
  'accounts.resetSecret': { roles: ADMIN },
  'accounts.setIdleLock': { roles: ADMIN },

  'audit.query': { roles: REVIEWERS },
  'audit.verify': { roles: REVIEWERS },

  // Teaching (technicians) and the task library; care staff see and run the tasks assigned to a
  // robot (the handler refuses them anything else) and can pause or stop a run.
  'teach.state': { roles: ALL },
  'teach.profile': { roles: ALL },
  'teach.start': { roles: TECHNICIAN, auditOnAccept: 'teach.start' },
  'teach.mark': { roles: TECHNICIAN },
  'teach.scriptedHand': { roles: TECHNICIAN, auditOnAccept: 'teach.scripted-hand' },
  'teach.finish': { roles: TECHNICIAN, auditOnAccept: 'teach.finish' },
  'teach.cancel': { roles: TECHNICIAN },
  'teach.jog': { roles: TECHNICIAN, auditOnAccept: 'teach.jog' },
  'teach.validate': { roles: TECHNICIAN },
  'teach.simulator': { roles: ['care-staff', 'technician'] },
  // Reading the task library is open to every role (admins read everything; they do not run tasks).
  'tasks.list': { roles: ALL },
  'tasks.get': { roles: ALL },
  'tasks.save': { roles: TECHNICIAN },
  'tasks.duplicate': { roles: TECHNICIAN },
  'tasks.assign': { roles: TECHNICIAN },
  'tasks.export': { roles: TECHNICIAN, auditOnAccept: 'task.export' },
  'tasks.import': { roles: TECHNICIAN },
  'tasks.run': { roles: ['care-staff', 'technician'], auditOnAccept: 'task.run' },
  'tasks.control': {
    roles: ['care-staff', 'technician'],
    whenLocked: true,
    auditOnAccept: 'task.control',
  },
};

/**
 * Defaults for channels other parts of Genba add before they get an entry of their own (the
 * coverage test lists them). The longest matching prefix wins; anything else is refused.
 */
export const prefixDefaults: ReadonlyArray<readonly [string, ChannelAccess]> = [
  ['app.', { roles: ALL }],
  ['settings.', { roles: ADMIN }],
  ['robots.', { roles: TECHNICIAN, auditOnAccept: 'robot.call' }],
  ['gripper.', { roles: TECHNICIAN, auditOnAccept: 'gripper.call' }],
  ['controlTable.', { roles: TECHNICIAN, auditOnAccept: 'control-table.call' }],
  ['events.', { roles: ALL }],
  ['logs.', { roles: READERS }],
  ['telemetry.', { roles: READERS }],
  ['alerts.', { roles: ALL }],
  ['tasks.', { roles: ['care-staff', 'technician'], auditOnAccept: 'task.call' }],
  ['teach.', { roles: TECHNICIAN }],
  ['diagnostics.', { roles: READERS }],
  ['models.', { roles: ['technician', 'admin'] }],
  ['reports.', { roles: REVIEWERS }],
  ['export.', { roles: REVIEWERS }],
  ['sync.', { roles: ADMIN }],
  ['consent.', { roles: ADMIN }],
  ['accounts.', { roles: ADMIN }],
  ['audit.', { roles: REVIEWERS }],
];

const NOBODY: ChannelAccess = { roles: [] };

export type AccessSource = 'table' | 'prefix' | 'none';

export function accessFor(channel: string): { access: ChannelAccess; source: AccessSource } {
  const own = Object.hasOwn(requestPermissions, channel)
    ? requestPermissions[channel as RequestChannel]
    : undefined;
  if (own) return { access: own, source: 'table' };
  let best: readonly [string, ChannelAccess] | undefined;
  for (const entry of prefixDefaults) {
    if (channel.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? { access: best[1], source: 'prefix' } : { access: NOBODY, source: 'none' };
}

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

export function checkAccess(channel: string, subject: AccessSubject): AccessDecision {
  return decide(accessFor(channel).access, subject);
}

/** Events pushed to renderers: who may receive each. `auth.session` goes only to its own connection. */
export const eventPermissions: Partial<Record<EventChannel, ChannelAccess>> = {
  'app.status': { roles: 'public' },
  'auth.session': { roles: 'public' },
  'robots.changed': { roles: ALL, whenLocked: true },
  'events.appended': { roles: ALL },
  'ports.changed': { roles: READERS },
  'bus.scanProgress': { roles: TECHNICIAN },
  'telemetry.batch': { roles: ALL },
  'console.traffic': { roles: TECHNICIAN },
  'sync.changed': { roles: REVIEWERS },
  'alerts.changed': { roles: ALL },
  'teach.state': { roles: ALL, whenLocked: true },
};

/** Events without an entry go to every signed-in, unlocked session (they carry no commands). */
const EVENT_DEFAULT: ChannelAccess = { roles: ALL };

export function eventAccessFor(event: string): { access: ChannelAccess; source: AccessSource } {
  const own = Object.hasOwn(eventPermissions, event)
    ? eventPermissions[event as EventChannel]
    : undefined;
  return own ? { access: own, source: 'table' } : { access: EVENT_DEFAULT, source: 'prefix' };
}

export function mayReceiveEvent(event: string, subject: AccessSubject): boolean {
  return decide(eventAccessFor(event).access, subject).allowed;
}
