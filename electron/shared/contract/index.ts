/**
 * The API between the renderer and the main process, defined once, one file per area. Both
 * transports (Electron IPC and the loopback WebSocket of browser mode) carry exactly these
 * channels and events; the main process validates every argument with their schemas and checks
 * every call and pushed event against their access. The renderer imports types only.
 *
 * Adding a channel: add it, with its access, to its area's file, and handle it in that area's
 * handler file (electron/server/). A new area is one more file here, spread into the maps below.
 */
import type { z } from 'zod';
import { decide, type AccessDecision, type AccessSubject, type ChannelAccess } from './access';
import { ADMIN, ALL, READERS, REVIEWERS, TECHNICIAN } from './access';
import { appChannels, appEvents } from './app';
import { authChannels, authEvents } from './auth';
import type { ApiError } from './common';
import { demoChannels } from './demo';
import { logChannels, logEvents } from './logs';
import { modelChannels, modelEvents } from './models';
import { robotChannels, robotEvents } from './robots';
import { syncChannels, syncEvents } from './sync';
import { teachChannels, teachEvents } from './teach';

export * from './access';
export * from './app';
export * from './auth';
export * from './common';
export * from './demo';
export * from './logs';
export * from './models';
export * from './robots';
export * from './sync';
export * from './teach';

/** Request channels: name → argument schema, result schema and access. */
export const requestChannels = {
  ...appChannels,
  ...robotChannels,
  ...logChannels,
  ...modelChannels,
  ...demoChannels,
  ...teachChannels,
  ...syncChannels,
  ...authChannels,
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type RequestArgs<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['args']>;
export type ParsedArgs<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['args']>;
export type RequestResult<C extends RequestChannel> = z.output<
  (typeof requestChannels)[C]['result']
>;

/** Event streams the main process pushes to every connected renderer. */
export const eventChannels = {
  ...appEvents,
  ...robotEvents,
  ...logEvents,
  ...modelEvents,
  ...teachEvents,
  ...syncEvents,
  ...authEvents,
} as const;

export type EventChannel = keyof typeof eventChannels;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]['payload']>;

/** The result envelope both transports carry. */
export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the renderer sees, whichever transport carries it. */
export interface GenbaApi {
  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>>;
  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
}

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.hasOwn(requestChannels, name);
}

/** Each request channel's access, as one table (for the dispatcher, the session and tests). */
export const requestPermissions = Object.fromEntries(
  Object.entries(requestChannels).map(([channel, spec]) => [channel, spec.access]),
) as Record<RequestChannel, ChannelAccess>;

/** Each event's access: who may receive it. `auth.session` goes only to its own connection. */
export const eventPermissions = Object.fromEntries(
  Object.entries(eventChannels).map(([event, spec]) => [event, spec.access]),
) as Record<EventChannel, ChannelAccess>;

/**
 * Access for a name that is not a channel of this contract (yet): a channel added by a newer
 * renderer or a typo. The longest matching prefix wins; anything else is refused to everyone.
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
  if (isRequestChannel(channel))
    return { access: requestChannels[channel].access, source: 'table' };
  let best: readonly [string, ChannelAccess] | undefined;
  for (const entry of prefixDefaults) {
    if (channel.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? { access: best[1], source: 'prefix' } : { access: NOBODY, source: 'none' };
}

export function checkAccess(channel: string, subject: AccessSubject): AccessDecision {
  return decide(accessFor(channel).access, subject);
}

/** Events without an entry go to every signed-in, unlocked session (they carry no commands). */
const EVENT_DEFAULT: ChannelAccess = { roles: ALL };

export function eventAccessFor(event: string): { access: ChannelAccess; source: AccessSource } {
  return Object.hasOwn(eventChannels, event)
    ? { access: eventChannels[event as EventChannel].access, source: 'table' }
    : { access: EVENT_DEFAULT, source: 'prefix' };
}

export function mayReceiveEvent(event: string, subject: AccessSubject): boolean {
  return decide(eventAccessFor(event).access, subject).allowed;
}
