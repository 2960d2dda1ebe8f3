/** The app itself: what it is, how it is doing, and the interface settings of this terminal. */
import { z } from 'zod';
import { STORAGE_STATES, type StorageHealth as DomainStorageHealth } from '../../../native/domain';
import { ALL } from './access';
import { Language, NoArgs, type ChannelSpec, type EventSpec, type SameShape } from './common';

/** The disk under the log: `disk_full` / `io_error` while logging is paused. */
export const StorageHealth = z.object({
  state: z.enum(STORAGE_STATES),
  volume: z.string(),
  bytesFree: z.number().nullable(),
  heldSamples: z.number().int(),
  droppedSamples: z.number().int(),
  message: z.string().optional(),
});
export type StorageHealth = z.infer<typeof StorageHealth>;
const _storageHealth: SameShape<StorageHealth, DomainStorageHealth> = true;

export const DatabaseStatus = z.object({
  state: z.enum(['ok', 'error', 'read-only']),
  path: z.string(),
  schemaVersion: z.number().int(),
  sqliteVersion: z.string(),
  message: z.string().optional(),
  storage: StorageHealth,
});

export const AppStatus = z.object({
  online: z.boolean(),
  database: DatabaseStatus,
  robots: z.object({ connected: z.number().int(), total: z.number().int() }),
  demo: z.boolean(),
  transport: z.enum(['ipc', 'websocket']),
});
export type AppStatus = z.infer<typeof AppStatus>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  node: z.string(),
  electron: z.string().nullable(),
  locale: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const UiSettings = z.object({
  /** null until the user picks one; the UI then follows the OS/browser locale. */
  language: Language.nullable(),
});
export type UiSettings = z.infer<typeof UiSettings>;

export const appChannels = {
  'app.info': { access: { roles: 'public' }, args: NoArgs, result: AppInfo },
  'app.status': { access: { roles: 'public' }, args: NoArgs, result: AppStatus },
  'settings.getUi': { access: { roles: 'public' }, args: NoArgs, result: UiSettings },
  'settings.setLanguage': {
    access: { roles: ALL },
    args: z.object({ language: Language }).strict(),
    result: UiSettings,
  },
} as const satisfies Record<string, ChannelSpec>;

export const appEvents = {
  'app.status': { payload: AppStatus, access: { roles: 'public' } },
} as const satisfies Record<string, EventSpec>;
