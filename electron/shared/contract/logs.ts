/**
 * The operational log: event search, telemetry charts, the timeline, the shift report (also as a
 * PDF), exports, and reviewing a log file copied from another site. Times are epoch milliseconds;
 * ranges are [fromMs, toMs).
 */
import { z } from 'zod';
import {
  EVENT_MESSAGE_CODES,
  LOG_EVENT_KINDS,
  SEVERITIES,
  TELEMETRY_CHANNELS,
  type EventQuery as DomainEventQuery,
  type LogEvent as DomainLogEvent,
} from '../../../native/domain';
import { ALL, READERS } from './access';
import {
  JointName,
  Language,
  MEASURED_CHANNEL_COLUMNS,
  NoArgs,
  RobotIdArg,
  type ChannelSpec,
  Text,
  type EventSpec,
  type SameShape,
} from './common';
import { RobotState } from './robots';

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const EventKind = z.enum(LOG_EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const EventMessage = z.object({
  code: z.enum(EVENT_MESSAGE_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), Text])),
});

export const LogEvent = z.object({
  id: z.number().int(),
  tMs: z.number().int(),
  robotId: z.string().nullable(),
  kind: EventKind,
  severity: Severity,
  user: z.string().nullable(),
  text: z.string(),
  message: EventMessage.nullable(),
});
export type LogEvent = z.infer<typeof LogEvent>;
const _logEvent: SameShape<LogEvent, DomainLogEvent> = true;

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
const _eventQuery: SameShape<EventQuery, DomainEventQuery> = true;

export const TelemetryChannel = z.enum(TELEMETRY_CHANNELS);
export type TelemetryChannel = z.infer<typeof TelemetryChannel>;

const LogTime = z.number().int().min(0).max(8.64e15);
/** The check on every [fromMs, toMs) argument: an empty or backward range is refused. */
const endsAfterStart = (r: { fromMs: number; toMs: number }) => r.toMs > r.fromMs;
const ENDS_AFTER_START = { message: 'toMs must be later than fromMs' };
const LogRange = z
  .object({ fromMs: LogTime, toMs: LogTime })
  .strict()
  .refine(endsAfterStart, ENDS_AFTER_START);
/** A span in a result: [fromMs, toMs). */
const Span = { fromMs: z.number(), toMs: z.number() };
/** Where a written file goes (see LogExportRequest); the same for exports and the report PDF. */
const FileDelivery = {
  delivery: z.enum(['file', 'inline']).optional(),
  folder: z.string().min(1).max(1000).optional(),
};

export const TelemetrySeriesQuery = z
  .object({
    robotId: RobotIdArg,
    joint: JointName,
    channel: TelemetryChannel,
    fromMs: LogTime,
    toMs: LogTime,
    /** Chart points wanted (a few times the plot's pixel width). */
    points: z.number().int().min(2).max(4000).default(1000),
  })
  .strict()
  .refine(endsAfterStart, ENDS_AFTER_START);

/** Chart-ready points: `value` is the line; `min`/`max` the envelope each point summarizes. */
export const TelemetrySeries = z.object({
  robotId: z.string(),
  joint: z.string(),
  channel: z.string(),
  ...Span,
  /** Which data answered: full rate near events and recently, rollups for long ranges. */
  source: z.enum(['full-rate', 'per-second', 'per-minute', 'none']),
  sourceCount: z.number().int(),
  tMs: z.array(z.number()),
  value: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
});
export type TelemetrySeries = z.infer<typeof TelemetrySeries>;

export const TelemetryAroundQuery = z
  .object({
    eventId: z.number().int().optional(),
    tMs: LogTime.optional(),
    /** Defaults to the event's robot (every robot for facility-wide events). */
    robotId: RobotIdArg.optional(),
    seconds: z.number().min(1).max(300).default(60),
  })
  .strict()
  .refine((r) => r.eventId !== undefined || r.tMs !== undefined, {
    message: 'give eventId or tMs',
  });

/** Full-rate rows of one joint, as columns. */
export const RawTelemetry = z.object({
  robotId: z.string(),
  joint: z.string(),
  tMs: z.array(z.number()),
  ...MEASURED_CHANNEL_COLUMNS,
  hwError: z.array(z.number()),
});
export type RawTelemetry = z.infer<typeof RawTelemetry>;

export const TelemetryAround = z.object({
  centerMs: z.number(),
  ...Span,
  event: LogEvent.nullable(),
  series: z.array(RawTelemetry),
});
export type TelemetryAround = z.infer<typeof TelemetryAround>;

const BandState = z.union([RobotState, z.literal('unknown')]);
const TimelineMark = LogEvent.omit({ user: true });

export const LogTimeline = z.object({
  ...Span,
  robots: z.array(
    z.object({
      robotId: z.string(),
      name: z.string(),
      bands: z.array(z.object({ ...Span, state: BandState })),
    }),
  ),
  marks: z.array(TimelineMark),
  /** Marks left out beyond 2,000 (faults and alerts are kept first); zoom in to see them. */
  omittedMarks: z.number().int(),
});
export type LogTimeline = z.infer<typeof LogTimeline>;

export const ShiftReport = z.object({
  ...Span,
  generatedMs: z.number(),
  robots: z.array(
    z.object({
      robotId: z.string(),
      name: z.string(),
      upMs: z.number(),
      runningMs: z.number(),
      faultMs: z.number(),
      disconnectedMs: z.number(),
      unknownMs: z.number(),
      uptimeRatio: z.number().nullable(),
      faults: z.number().int(),
      alerts: z.number().int(),
      taskRuns: z.number().int(),
      meanTimeBetweenFaultsMs: z.number().nullable(),
    }),
  ),
  faults: z.array(TimelineMark),
  faultCount: z.number().int(),
  alertsBySeverity: z.record(z.string(), z.number().int()),
  alertCount: z.number().int(),
  topAlertCauses: z.array(z.object({ cause: z.string(), count: z.number().int() })),
  taskRuns: z.array(
    z.object({
      robotId: z.string().nullable(),
      task: z.string(),
      run: z.string().nullable(),
      startMs: z.number().nullable(),
      endMs: z.number(),
      outcome: z.string(),
      durationMs: z.number().nullable(),
    }),
  ),
  taskOutcomes: z.record(z.string(), z.number().int()),
  taskRunCount: z.number().int(),
  meanTimeBetweenFaultsMs: z.number().nullable(),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

/**
 * `delivery: 'file'` writes `genba-<kind>-<from>-<to>.<format>` (never overwriting) into `folder`
 * or the user's Downloads folder and returns its path — the desktop default. `'inline'` returns
 * the content instead (at most 64 MB) for the browser to save as a download — the default in
 * browser mode, where the server's folders may not be the user's.
 */
export const LogExportRequest = z
  .object({
    fromMs: LogTime.optional(),
    toMs: LogTime.optional(),
    kind: z.enum(['telemetry', 'events']),
    format: z.enum(['csv', 'json']),
    /** Events: the search the Logs table shows, so the file holds the rows on screen. */
    filter: EventQuery.pick({ text: true, robotId: true, kinds: true, severities: true })
      .strict()
      .optional(),
    /** Events CSV for a spreadsheet: byte-order mark, local time column, text in this language. */
    spreadsheet: z
      .object({ language: Language, utcOffsetMinutes: z.number().int().min(-840).max(840) })
      .strict()
      .optional(),
    ...FileDelivery,
  })
  .strict();

export const LogExportResult = z.object({
  fileName: z.string(),
  /** Where the file was written (delivery 'file'); null for 'inline'. */
  path: z.string().nullable(),
  rows: z.number().int(),
  bytes: z.number().int(),
  mimeType: z.string(),
  /** The file's text (delivery 'inline'). */
  content: z.string().optional(),
});
export type LogExportResult = z.infer<typeof LogExportResult>;

export const LogBounds = z.object({
  fromMs: z.number().nullable(),
  toMs: z.number().nullable(),
  telemetry: z.object(Span).nullable(),
  events: z.object({ ...Span, count: z.number().int() }).nullable(),
  /** Robots and joints with telemetry, and the time each covers. */
  series: z.array(z.object({ robotId: z.string(), joint: z.string(), ...Span })),
});
export type LogBounds = z.infer<typeof LogBounds>;

/**
 * Review a log copied from another site: `path` opens that database file read-only (through a
 * private copy; the file is never touched) for this connection only — `logs.*` and `events.query`
 * then read it — and `null` goes back to this terminal's own log. `choose: true` lets the desktop
 * shell ask with its file dialog instead (browser mode has none: type the path).
 */
export const LogOpenFileRequest = z
  .object({
    path: z.string().min(1).max(4096).nullable().optional(),
    choose: z.boolean().optional(),
  })
  .strict();

export const LogSource = z.object({
  /** The opened file; null for this terminal's own log. */
  path: z.string().nullable(),
  fileName: z.string().nullable(),
  readOnly: z.boolean(),
  /** The dialog was cancelled (nothing changed). */
  cancelled: z.boolean(),
  bounds: LogBounds,
});
export type LogSource = z.infer<typeof LogSource>;

/**
 * The shift report as a PDF, rendered by the desktop shell (webContents.printToPDF of the report
 * page). Browser mode has no renderer for it and answers `pdf-not-available`: there the report
 * page is printed with the browser's own Print → Save as PDF.
 */
export const ShiftReportPdfRequest = z
  .object({
    fromMs: LogTime,
    toMs: LogTime,
    language: Language,
    ...FileDelivery,
  })
  .strict()
  .refine(endsAfterStart, ENDS_AFTER_START);

export const ShiftReportPdfResult = z.object({
  fileName: z.string(),
  path: z.string().nullable(),
  bytes: z.number().int(),
  /** The PDF, base64 (delivery 'inline'). */
  contentBase64: z.string().optional(),
});
export type ShiftReportPdfResult = z.infer<typeof ShiftReportPdfResult>;

/**
 * Reading is for everyone who sees the Logs area; the shift report and exports (data leaving
 * Genba, audited) for the readers.
 */
export const logChannels = {
  'events.query': { access: { roles: ALL }, args: EventQuery, result: z.array(LogEvent) },
  'logs.openFile': { access: { roles: READERS }, args: LogOpenFileRequest, result: LogSource },
  'logs.shiftReportPdf': {
    access: { roles: READERS, auditOnAccept: 'logs.shift-report-pdf' },
    args: ShiftReportPdfRequest,
    result: ShiftReportPdfResult,
  },
  'logs.telemetrySeries': {
    access: { roles: ALL },
    args: TelemetrySeriesQuery,
    result: TelemetrySeries,
  },
  'logs.telemetryAround': {
    access: { roles: ALL },
    args: TelemetryAroundQuery,
    result: TelemetryAround,
  },
  'logs.timeline': { access: { roles: ALL }, args: LogRange, result: LogTimeline },
  'logs.shiftReport': { access: { roles: READERS }, args: LogRange, result: ShiftReport },
  'logs.export': {
    access: { roles: READERS, auditOnAccept: 'logs.export' },
    args: LogExportRequest,
    result: LogExportResult,
  },
  'logs.bounds': { access: { roles: ALL }, args: NoArgs, result: LogBounds },
} as const satisfies Record<string, ChannelSpec>;

export const logEvents = {
  'events.appended': { payload: LogEvent, access: { roles: ALL } },
} as const satisfies Record<string, EventSpec>;
