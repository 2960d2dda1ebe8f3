/**
 * The API between the renderer and the main process, defined once. Both transports (Electron IPC
 * and the loopback WebSocket of browser mode) carry exactly these channels and events, and the
 * main process validates every argument with these schemas. The renderer imports types only.
 */
import { z } from 'zod';

export const Language = z.enum(['ja', 'en']);
export type Language = z.infer<typeof Language>;

/** A failure a person can act on: what failed, why, what to do. `code` is stable for the UI. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

const NoArgs = z.object({}).strict();

export const DatabaseStatus = z.object({
  state: z.enum(['ok', 'error', 'read-only']),
  path: z.string(),
  schemaVersion: z.number().int(),
  sqliteVersion: z.string(),
  message: z.string().optional(),
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

export const RobotState = z.enum([
  'connecting',
  'ready',
  'torque-off',
  'running',
  'fault',
  'disconnected',
]);
export type RobotState = z.infer<typeof RobotState>;

export const RobotSummary = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  state: RobotState,
  port: z.string(),
  simulated: z.boolean(),
  /** Plain-language health for care staff; null when everything is fine. */
  attention: z.object({ en: z.string(), ja: z.string() }).nullable(),
});
export type RobotSummary = z.infer<typeof RobotSummary>;

export const Severity = z.enum(['debug', 'info', 'warning', 'error', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const EventKind = z.enum([
  'alert',
  'fault',
  'state',
  'connection',
  'task',
  'operator',
  'system',
]);
export type EventKind = z.infer<typeof EventKind>;

export const LogEvent = z.object({
  id: z.number().int(),
  tMs: z.number().int(),
  robotId: z.string().nullable(),
  kind: EventKind,
  severity: Severity,
  user: z.string().nullable(),
  text: z.string(),
});
export type LogEvent = z.infer<typeof LogEvent>;

export const EventQuery = z
  .object({
    text: z.string().max(200).optional(),
    robotId: z.string().max(200).optional(),
    kinds: z.array(EventKind).max(10).optional(),
    severities: z.array(Severity).max(5).optional(),
    fromMs: z.number().int().optional(),
    toMs: z.number().int().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    beforeId: z.number().int().optional(),
  })
  .strict();
export type EventQuery = z.input<typeof EventQuery>;

/** Request channels: name → argument schema and result schema. */
export const requestChannels = {
  'app.info': { args: NoArgs, result: AppInfo },
  'app.status': { args: NoArgs, result: AppStatus },
  'settings.getUi': { args: NoArgs, result: UiSettings },
  'settings.setLanguage': {
    args: z.object({ language: Language }).strict(),
    result: UiSettings,
  },
  'robots.list': { args: NoArgs, result: z.array(RobotSummary) },
  'events.query': { args: EventQuery, result: z.array(LogEvent) },
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type RequestArgs<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['args']>;
export type ParsedArgs<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['args']>;
export type RequestResult<C extends RequestChannel> = z.output<
  (typeof requestChannels)[C]['result']
>;

/** Event streams the main process pushes to every connected renderer. */
export const eventChannels = {
  'app.status': AppStatus,
  'robots.changed': z.array(RobotSummary),
  'events.appended': LogEvent,
} as const;

export type EventChannel = keyof typeof eventChannels;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

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
