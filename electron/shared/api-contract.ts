/**
 * The API between the renderer and the main process, defined once. Both transports (Electron IPC
 * and the loopback WebSocket of browser mode) carry exactly these channels and events, and the
 * main process validates every argument with these schemas. The renderer imports types only.
 */
import { z } from 'zod';
import {
  ALERT_STATES,
  BUS_PROTOCOLS,
  GRIPPER_OBJECT_DETECTIONS,
  LANGUAGES,
  LOG_EVENT_KINDS,
  MODEL_PACK_STATES,
  PORT_SOURCES,
  ROBOT_KINDS,
  ROBOT_STATES,
  SCAN_STATES,
  SEVERITIES,
  SYNC_CATEGORIES,
  TELEMETRY_CHANNELS,
  type ConsoleTraffic as DomainConsoleTraffic,
  type ControlTableEntry as DomainControlTableEntry,
  type EventQuery as DomainEventQuery,
  type LogEvent as DomainLogEvent,
  type RobotDetail as DomainRobotDetail,
  type RobotSummary as DomainRobotSummary,
  type ScanDevice as DomainScanDevice,
  type ScanProgress as DomainScanProgress,
  type ScanRequest as DomainScanRequest,
  type SerialPortSummary as DomainSerialPortSummary,
  type TelemetryBatch as DomainTelemetryBatch,
} from '../../native/domain';
import { authChannels, authEvents } from './auth-contract';
import type { SameShape } from './same-shape';

export * from './auth-contract';

export const Language = z.enum(LANGUAGES);
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

export const RobotState = z.enum(ROBOT_STATES);
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
const _robotSummary: SameShape<RobotSummary, DomainRobotSummary> = true;

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const EventKind = z.enum(LOG_EVENT_KINDS);
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

const Text = z.object({ en: z.string(), ja: z.string() });
const RobotId = z.object({ robotId: z.string().min(1).max(200) }).strict();
const JointName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .max(40);

export const SerialPortSummary = z.object({
  path: z.string(),
  identity: z.string(),
  adapterName: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
  byIdPath: z.string().optional(),
  source: z.enum(PORT_SOURCES),
  /** The robot using this port, if any. */
  inUseBy: z.string().optional(),
});
export type SerialPortSummary = z.infer<typeof SerialPortSummary>;
const _port: SameShape<SerialPortSummary, DomainSerialPortSummary> = true;

export const BusProtocol = z.enum(BUS_PROTOCOLS);
export type BusProtocol = z.infer<typeof BusProtocol>;

export const ScanRequest = z
  .object({
    path: z.string().min(1).max(300),
    protocols: z.array(BusProtocol).min(1).max(2).optional(),
    bauds: z.array(z.number().int().min(1200).max(10_500_000)).min(1).max(12).optional(),
  })
  .strict();
const _scanRequest: SameShape<z.output<typeof ScanRequest>, DomainScanRequest> = true;

export const ScanDevice = z.object({
  protocol: BusProtocol,
  id: z.number().int(),
  baud: z.number().int(),
  model: z.string(),
});
export type ScanDevice = z.infer<typeof ScanDevice>;
const _scanDevice: SameShape<ScanDevice, DomainScanDevice> = true;

export const ScanProgress = z.object({
  scanId: z.string(),
  path: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  protocol: BusProtocol.nullable(),
  baud: z.number().int().nullable(),
  found: z.array(ScanDevice),
  state: z.enum(SCAN_STATES),
  error: z.string().optional(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;
const _scanProgress: SameShape<ScanProgress, DomainScanProgress> = true;

export const JointStatus = z.object({
  name: z.string(),
  label: Text,
  servoId: z.number().int(),
  minRad: z.number(),
  maxRad: z.number(),
  positionRad: z.number(),
  velocityRadS: z.number(),
  currentA: z.number(),
  voltageV: z.number(),
  temperatureC: z.number(),
  torqueOn: z.boolean(),
  /** Dynamixel Hardware Error Status (address 70) bit field; 0 when healthy. */
  hwError: z.number().int(),
  hwErrorText: z.array(Text),
});
export type JointStatus = z.infer<typeof JointStatus>;

export const GripperStatus = z.object({
  activated: z.boolean(),
  moving: z.boolean(),
  objectDetected: z.enum(GRIPPER_OBJECT_DETECTIONS),
  openFraction: z.number(),
  currentA: z.number(),
  fault: Text.extend({ code: z.number().int() }).nullable(),
});
export type GripperStatus = z.infer<typeof GripperStatus>;

export const BusStats = z.object({
  path: z.string(),
  baudRate: z.number().int(),
  pollHz: z.number(),
  tx: z.number().int(),
  rx: z.number().int(),
  timeouts: z.number().int(),
  crcErrors: z.number().int(),
  garbageBytes: z.number().int(),
});

export const RobotDetail = z.object({
  summary: RobotSummary,
  profileName: Text,
  kind: z.enum(ROBOT_KINDS),
  joints: z.array(JointStatus),
  gripper: GripperStatus.nullable(),
  bus: BusStats,
});
export type RobotDetail = z.infer<typeof RobotDetail>;
const _robotDetail: SameShape<RobotDetail, DomainRobotDetail> = true;

export const TelemetrySample = z.object({
  tMs: z.number(),
  joint: z.string(),
  positionRad: z.number(),
  velocityRadS: z.number(),
  currentA: z.number(),
  voltageV: z.number(),
  temperatureC: z.number(),
  hwError: z.number().int(),
});
export type TelemetrySample = z.infer<typeof TelemetrySample>;

export const TelemetryBatch = z.object({ robotId: z.string(), samples: z.array(TelemetrySample) });
export type TelemetryBatch = z.infer<typeof TelemetryBatch>;
const _telemetryBatch: SameShape<TelemetryBatch, DomainTelemetryBatch> = true;

export const RobotCommand = z.enum(['torque-on', 'torque-off', 'reboot', 'go-home']);

export const ControlTableEntry = z.object({
  address: z.number().int(),
  name: z.string(),
  key: z.string(),
  size: z.number().int(),
  access: z.enum(['R', 'RW']),
  area: z.enum(['EEPROM', 'RAM']),
  raw: z.number(),
  value: z.number(),
  unit: z.string().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});
export type ControlTableEntry = z.infer<typeof ControlTableEntry>;
const _controlTableEntry: SameShape<ControlTableEntry, DomainControlTableEntry> = true;

export const ConsoleTraffic = z.object({
  robotId: z.string(),
  direction: z.enum(['tx', 'rx']),
  hex: z.string(),
  summary: z.string(),
  at: z.number(),
});
export type ConsoleTraffic = z.infer<typeof ConsoleTraffic>;
const _consoleTraffic: SameShape<ConsoleTraffic, DomainConsoleTraffic> = true;

// ---- Operational log (issue 4): telemetry charts, timeline, shift report, export ------------
// Served by electron/server/log-handlers.ts from the db worker (db/telemetry, db/reports,
// db/export). Times are epoch milliseconds; ranges are [fromMs, toMs).

export const TelemetryChannel = z.enum(TELEMETRY_CHANNELS);
export type TelemetryChannel = z.infer<typeof TelemetryChannel>;

const LogTime = z.number().int().min(0).max(8.64e15);
const LogRange = z
  .object({ fromMs: LogTime, toMs: LogTime })
  .strict()
  .refine((r) => r.toMs > r.fromMs, { message: 'toMs must be later than fromMs' });

export const TelemetrySeriesQuery = z
  .object({
    robotId: z.string().min(1).max(200),
    joint: JointName,
    channel: TelemetryChannel,
    fromMs: LogTime,
    toMs: LogTime,
    /** Chart points wanted (a few times the plot's pixel width). */
    points: z.number().int().min(2).max(4000).default(1000),
  })
  .strict()
  .refine((r) => r.toMs > r.fromMs, { message: 'toMs must be later than fromMs' });

/** Chart-ready points: `value` is the line; `min`/`max` the envelope each point summarizes. */
export const TelemetrySeries = z.object({
  robotId: z.string(),
  joint: z.string(),
  channel: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
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
    robotId: z.string().min(1).max(200).optional(),
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
  positionRad: z.array(z.number()),
  velocityRadS: z.array(z.number()),
  currentA: z.array(z.number()),
  voltageV: z.array(z.number()),
  temperatureC: z.array(z.number()),
  hwError: z.array(z.number()),
});
export type RawTelemetry = z.infer<typeof RawTelemetry>;

export const TelemetryAround = z.object({
  centerMs: z.number(),
  fromMs: z.number(),
  toMs: z.number(),
  event: LogEvent.nullable(),
  series: z.array(RawTelemetry),
});
export type TelemetryAround = z.infer<typeof TelemetryAround>;

const BandState = z.union([RobotState, z.literal('unknown')]);
const TimelineMark = LogEvent.omit({ user: true });

export const LogTimeline = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  robots: z.array(
    z.object({
      robotId: z.string(),
      name: z.string(),
      bands: z.array(z.object({ fromMs: z.number(), toMs: z.number(), state: BandState })),
    }),
  ),
  marks: z.array(TimelineMark),
  /** Marks left out beyond 2,000 (faults and alerts are kept first); zoom in to see them. */
  omittedMarks: z.number().int(),
});
export type LogTimeline = z.infer<typeof LogTimeline>;

export const ShiftReport = z.object({
  fromMs: z.number(),
  toMs: z.number(),
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
    delivery: z.enum(['file', 'inline']).optional(),
    folder: z.string().min(1).max(1000).optional(),
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
  telemetry: z.object({ fromMs: z.number(), toMs: z.number() }).nullable(),
  events: z.object({ fromMs: z.number(), toMs: z.number(), count: z.number().int() }).nullable(),
  /** Robots and joints with telemetry, and the time each covers. */
  series: z.array(
    z.object({ robotId: z.string(), joint: z.string(), fromMs: z.number(), toMs: z.number() }),
  ),
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
    delivery: z.enum(['file', 'inline']).optional(),
    folder: z.string().min(1).max(1000).optional(),
  })
  .strict()
  .refine((r) => r.toMs > r.fromMs, { message: 'toMs must be later than fromMs' });

export const ShiftReportPdfResult = z.object({
  fileName: z.string(),
  path: z.string().nullable(),
  bytes: z.number().int(),
  /** The PDF, base64 (delivery 'inline'). */
  contentBase64: z.string().optional(),
});
export type ShiftReportPdfResult = z.infer<typeof ShiftReportPdfResult>;

export const logChannels = {
  'logs.openFile': { args: LogOpenFileRequest, result: LogSource },
  'logs.shiftReportPdf': { args: ShiftReportPdfRequest, result: ShiftReportPdfResult },
  'logs.telemetrySeries': { args: TelemetrySeriesQuery, result: TelemetrySeries },
  'logs.telemetryAround': { args: TelemetryAroundQuery, result: TelemetryAround },
  'logs.timeline': { args: LogRange, result: LogTimeline },
  'logs.shiftReport': { args: LogRange, result: ShiftReport },
  'logs.export': { args: LogExportRequest, result: LogExportResult },
  'logs.bounds': { args: NoArgs, result: LogBounds },
} as const;
// ---- end of operational log block ----------------------------------------------------------

/** Request channels: name → argument schema and result schema. */
// --- Diagnostics model: model packs and alerts (owner: native/model; handlers in
// electron/server/model-handlers.ts). Appended as one block; spread into the channel maps below.
export const ModelPackSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  state: z.enum(MODEL_PACK_STATES),
  heads: z.array(z.string()),
  signedBy: z.string(),
  /** Signed with the public development key: integrity only, not authority. */
  developmentKey: z.boolean(),
  importedMs: z.number(),
  activatedMs: z.number().nullable(),
  evaluation: z.record(z.string(), z.unknown()).nullable(),
});
export type ModelPackSummary = z.infer<typeof ModelPackSummary>;

export const DiagnosticAlert = z.object({
  id: z.string(),
  robotId: z.string(),
  joint: z.string(),
  fault: z.string(),
  state: z.enum(ALERT_STATES),
  raisedMs: z.number(),
  acknowledgedMs: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedMs: z.number().nullable(),
  confidence: z.number(),
  anomaly: z.number(),
  byHardware: z.boolean(),
  label: Text,
  /** Care staff: one sentence and whom to call. */
  care: Text,
  /** Technicians: cause, checks and procedure. */
  technician: Text,
  evidence: z.array(
    z.object({
      tMs: z.number(),
      positionRad: z.number(),
      velocityRadS: z.number(),
      currentA: z.number(),
      voltageV: z.number(),
      temperatureC: z.number(),
    }),
  ),
});
export type DiagnosticAlert = z.infer<typeof DiagnosticAlert>;

const modelRequestChannels = {
  'models.list': { args: NoArgs, result: z.array(ModelPackSummary) },
  'models.activate': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    result: ModelPackSummary,
  },
  'models.rollback': { args: NoArgs, result: ModelPackSummary },
  'models.import': {
    args: z.object({ path: z.string().min(1).max(1000) }).strict(),
    result: ModelPackSummary,
  },
  'alerts.list': {
    args: z
      .object({
        states: z.array(z.enum(ALERT_STATES)).max(3).optional(),
      })
      .strict(),
    result: z.array(DiagnosticAlert),
  },
  'alerts.acknowledge': {
    args: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: DiagnosticAlert,
  },
} as const;

const modelEventChannels = {
  'alerts.changed': DiagnosticAlert,
} as const;
// --- end of diagnostics model block

// --- Demo tools (owner: renderer/src/areas/diagnostics; handler in electron/server/demo-handlers.ts).
// Only when the demo facility runs (`genba serve --demo`): inject a fault into a demo simulator,
// for demonstrations and end-to-end tests. Refused with code `no-demo` otherwise.
const demoRequestChannels = {
  'demo.injectFault': {
    args: z
      .object({
        target: z.enum(['arm', 'gripper']),
        /** The diagnostics fault names (native/sim/dynamixel/faults.ts), or `unplug`. */
        fault: z
          .string()
          .regex(/^[a-z_]+$/)
          .max(40),
        /** Arm faults: the joint it affects; omitted = every joint. */
        joint: JointName.optional(),
        magnitude: z.number().positive().max(10).optional(),
        durationS: z.number().positive().max(3600).optional(),
      })
      .strict(),
    result: z.object({}),
  },
  'demo.clearFaults': {
    args: z.object({ target: z.enum(['arm', 'gripper']) }).strict(),
    result: z.object({}),
  },
} as const;
// --- end of demo tools block

// --- Teaching and the task library (owner: native/teach, db/teach; handlers in
// electron/server/teach-handlers.ts). Appended as one block; spread into the channel maps below.
// Programs travel as the versioned program format of native/teach/program.ts; requests carry them
// as unknown and the handlers validate (and migrate) them with loadProgram.
const TeachStepText = z.object({ en: z.string(), ja: z.string() });
export const TeachProgramStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('move'),
    id: z.string(),
    name: TeachStepText,
    joints: z.record(z.string(), z.number()),
    path: z.enum(['joint', 'linear']),
    speed: z.number(),
    acceleration: z.number(),
    primitive: z.string().optional(),
  }),
  z.object({
    kind: z.literal('gripper'),
    id: z.string(),
    name: TeachStepText,
    open: z.number(),
    primitive: z.string().optional(),
  }),
  z.object({ kind: z.literal('wait'), id: z.string(), name: TeachStepText, ms: z.number() }),
]);
export type TeachProgramStep = z.infer<typeof TeachProgramStep>;
export const TeachProgram = z.object({
  format: z.literal('genba-task'),
  version: z.number(),
  name: z.string(),
  robotProfile: z.string(),
  createdMs: z.number(),
  source: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(TeachProgramStep),
});
export type TeachProgram = z.infer<typeof TeachProgram>;
export const TeachIssue = z.object({
  stepIndex: z.number().nullable(),
  stepId: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: TeachStepText,
});
export type TeachIssue = z.infer<typeof TeachIssue>;
export const TeachState = z.object({
  recording: z
    .object({
      robotId: z.string(),
      mode: z.enum(['hand', 'jog']),
      startedMs: z.number(),
      samples: z.number(),
      rateHz: z.number(),
      marks: z.number(),
      handActive: z.boolean(),
    })
    .nullable(),
  run: z
    .object({
      runId: z.string(),
      robotId: z.string(),
      task: z.string(),
      taskId: z.string().nullable(),
      stepIndex: z.number(),
      stepCount: z.number(),
      state: z.enum(['running', 'paused']),
      speedScale: z.number(),
      startedMs: z.number(),
    })
    .nullable(),
  lastRun: z
    .object({
      runId: z.string(),
      task: z.string(),
      outcome: z.enum(['succeeded', 'failed', 'aborted']),
      reason: z.string().nullable(),
      endedMs: z.number(),
      stepIndex: z.number(),
    })
    .nullable(),
});
export type TeachState = z.infer<typeof TeachState>;
export const TeachArmProfile = z.object({
  id: z.string(),
  name: TeachStepText,
  joints: z.array(
    z.object({
      name: z.string(),
      label: TeachStepText,
      minRad: z.number(),
      maxRad: z.number(),
      maxVelocityRadS: z.number(),
      maxAccelerationRadS2: z.number(),
      homeRad: z.number(),
      gripper: z.object({ closedRad: z.number(), openRad: z.number() }).optional(),
    }),
  ),
  kinematics: z.object({
    baseHeightM: z.number(),
    links: z.array(z.object({ lengthM: z.number(), offsetRad: z.number() })),
  }),
});
export type TeachArmProfile = z.infer<typeof TeachArmProfile>;
export const TeachResult = z.object({
  program: TeachProgram,
  segments: z.array(z.object({ primitive: z.string(), startMs: z.number(), endMs: z.number() })),
  hesitations: z.number(),
  gripperEvents: z.number(),
  samples: z.number(),
  durationMs: z.number(),
  issues: z.array(TeachIssue),
});
export type TeachResult = z.infer<typeof TeachResult>;
export const TaskSummary = z.object({
  id: z.string(),
  name: z.string(),
  robotProfile: z.string(),
  version: z.number(),
  createdMs: z.number(),
  updatedMs: z.number(),
  stepCount: z.number(),
  assignedRobots: z.array(z.string()),
});
export type TaskSummary = z.infer<typeof TaskSummary>;
const TeachRobotId = z.string().min(1).max(200);
const TaskId = z.string().min(1).max(100);
const ProgramArg = z.unknown();

const teachRequestChannels = {
  'teach.state': { args: NoArgs, result: TeachState },
  'teach.profile': {
    args: z.object({ profileId: z.string().min(1).max(80) }).strict(),
    result: TeachArmProfile,
  },
  'teach.start': {
    args: z.object({ robotId: TeachRobotId, mode: z.enum(['hand', 'jog']) }).strict(),
    result: TeachState,
  },
  /** Marks a gripper event now (the button while hand-guiding): 0 closed … 1 open. */
  'teach.mark': { args: z.object({ open: z.number().min(0).max(1) }).strict(), result: TeachState },
  /** Demo facility only: a scripted person guides the simulated arm through a pick-and-place. */
  'teach.scriptedHand': { args: z.object({ robotId: TeachRobotId }).strict(), result: TeachState },
  'teach.finish': {
    args: z.object({ name: z.string().trim().min(1).max(120) }).strict(),
    result: TeachResult,
  },
  'teach.cancel': { args: NoArgs, result: TeachState },
  'teach.jog': {
    args: z
      .object({
        robotId: TeachRobotId,
        joint: z.string().min(1).max(40).optional(),
        deltaRad: z.number().min(-0.5).max(0.5).optional(),
        dx: z.number().min(-0.05).max(0.05).optional(),
        dy: z.number().min(-0.05).max(0.05).optional(),
        dz: z.number().min(-0.05).max(0.05).optional(),
        dPitch: z.number().min(-0.3).max(0.3).optional(),
      })
      .strict(),
    result: z.object({ joints: z.record(z.string(), z.number()) }),
  },
  'teach.validate': {
    args: z.object({ program: ProgramArg, robotId: TeachRobotId.optional() }).strict(),
    result: z.object({ ok: z.boolean(), issues: z.array(TeachIssue), program: TeachProgram }),
  },
  /** Demo only: torque per joint as the simulator's own registers hold it. */
  'teach.simulator': {
    args: z.object({ robotId: TeachRobotId }).strict(),
    result: z.object({ torqueOn: z.array(z.boolean()).nullable() }),
  },
  'tasks.list': {
    args: z.object({ robotId: TeachRobotId.optional() }).strict(),
    result: z.array(TaskSummary),
  },
  'tasks.get': {
    args: z.object({ id: TaskId, version: z.number().int().positive().optional() }).strict(),
    result: z.object({
      task: TaskSummary,
      program: TeachProgram,
      version: z.number(),
      versions: z.array(
        z.object({
          version: z.number(),
          createdMs: z.number(),
          actor: z.string(),
          note: z.string().nullable(),
        }),
      ),
    }),
  },
  'tasks.save': {
    args: z
      .object({ id: TaskId.optional(), program: ProgramArg, note: z.string().max(200).optional() })
      .strict(),
    result: TaskSummary,
  },
  'tasks.duplicate': {
    args: z.object({ id: TaskId, name: z.string().trim().min(1).max(120) }).strict(),
    result: TaskSummary,
  },
  'tasks.assign': {
    args: z.object({ id: TaskId, robotIds: z.array(TeachRobotId).max(50) }).strict(),
    result: TaskSummary,
  },
  'tasks.export': {
    args: z.object({ id: TaskId, version: z.number().int().positive().optional() }).strict(),
    result: z.object({ fileName: z.string(), json: z.string() }),
  },
  'tasks.import': {
    args: z.object({ json: z.string().min(2).max(2_000_000) }).strict(),
    result: TaskSummary,
  },
  /** Runs a saved task (care staff: only one assigned to the robot) or, for technicians, the program being edited. */
  'tasks.run': {
    args: z
      .object({
        robotId: TeachRobotId,
        taskId: TaskId.optional(),
        program: ProgramArg.optional(),
        speedScale: z.number().min(0.05).max(1).optional(),
      })
      .strict(),
    result: TeachState,
  },
  'tasks.control': {
    args: z
      .object({
        runId: z.string().min(1).max(100),
        action: z.enum(['pause', 'resume', 'stop', 'speed']),
        speedScale: z.number().min(0.05).max(1).optional(),
      })
      .strict(),
    result: TeachState,
  },
} as const;

const teachEventChannels = {
  'teach.state': TeachState,
} as const;
// --- end of teaching block

// --- Donation sync (issue 7; owner: native/sync, db/sync; handlers in
// electron/server/sync-handlers.ts). Appended as one block; spread into the channel maps below.
export const SyncCategory = z.enum(SYNC_CATEGORIES);
export type SyncCategory = z.infer<typeof SyncCategory>;

/** What is wrong, in plain words in both languages; `code` is stable for the UI. */
export const SyncProblem = z.object({
  code: z.string(),
  en: z.string(),
  ja: z.string(),
  atMs: z.number(),
  status: z.number().int().optional(),
});
export type SyncProblem = z.infer<typeof SyncProblem>;

export const SyncCategoryCounts = z.record(z.string(), z.number().int());

export const SyncStatus = z.object({
  state: z.enum([
    'starting',
    'idle',
    'uploading',
    'waiting',
    'paused',
    'offline',
    'not-configured',
    'unauthorized',
  ]),
  /** The OS has a network link and the endpoint answered the last probe. */
  online: z.boolean(),
  networkLink: z.boolean(),
  endpointReachable: z.boolean().nullable(),
  paused: z.boolean(),
  /** The token itself never leaves the main process. */
  endpoint: z.object({ url: z.string(), tokenSet: z.boolean() }).nullable(),
  /** 0 = no cap. */
  bandwidthBytesPerSecond: z.number().int(),
  /** Per category: consent, and what waits to leave (held = below k so far; withheld = never). */
  queue: z.array(
    z.object({
      category: SyncCategory,
      label: Text,
      enabled: z.boolean(),
      changedMs: z.number().nullable(),
      actor: z.string().nullable(),
      records: z.number().int(),
      bytes: z.number().int(),
      held: z.number().int(),
      withheld: z.number().int(),
    }),
  ),
  lastUpload: z.object({ finishedMs: z.number(), records: z.number().int() }).nullable(),
  problem: SyncProblem.nullable(),
  lastCheckedMs: z.number().nullable(),
  nextAttemptMs: z.number().nullable(),
  uploadedThisSession: z.object({
    batches: z.number().int(),
    records: z.number().int(),
    gzipBytes: z.number().int(),
  }),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Exactly the next batch that would leave: its id and its decompressed NDJSON lines. */
export const SyncPreview = z.object({
  batchId: z.string().nullable(),
  records: z.number().int(),
  bytes: z.number().int(),
  categories: SyncCategoryCounts,
  lines: z.array(z.string()),
});
export type SyncPreview = z.infer<typeof SyncPreview>;

export const SyncDictionaryKind = z.object({
  kind: z.string(),
  schema: z.number().int(),
  category: SyncCategory,
  description: Text,
  time: z.enum(['hour', 'day']),
  quasiIdentifiers: z.array(z.string()),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      optional: z.boolean(),
      unit: z.string().nullable(),
      values: z.array(z.string()).nullable(),
      description: Text,
    }),
  ),
});
export type SyncDictionaryKind = z.infer<typeof SyncDictionaryKind>;

export const SyncUpload = z.object({
  batchId: z.string(),
  state: z.enum(['in-flight', 'sent', 'quarantined']),
  createdMs: z.number(),
  finishedMs: z.number().nullable(),
  records: z.number().int(),
  rawBytes: z.number().int(),
  gzipBytes: z.number().int().nullable(),
  categories: SyncCategoryCounts,
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type SyncUpload = z.infer<typeof SyncUpload>;

export const SyncModelPack = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  state: z.enum(MODEL_PACK_STATES),
});

/** A model update check: what is active, what was offered and staged, or why it was refused. */
export const SyncModelUpdate = z.object({
  outcome: z.enum(['staged', 'up-to-date', 'refused', 'activated', 'rolled-back']),
  active: SyncModelPack.nullable(),
  staged: SyncModelPack.nullable(),
  offered: z.object({ name: z.string(), version: z.string(), expiresAt: z.string() }).nullable(),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncModelUpdate = z.infer<typeof SyncModelUpdate>;

const syncRequestChannels = {
  'sync.status': { args: NoArgs, result: SyncStatus },
  'sync.setConsent': {
    args: z
      .object({ categories: z.array(SyncCategory).min(1).max(5), enabled: z.boolean() })
      .strict(),
    result: z.object({ status: SyncStatus, dropped: z.number().int() }),
  },
  'sync.preview': { args: NoArgs, result: SyncPreview },
  'sync.dataDictionary': { args: NoArgs, result: z.array(SyncDictionaryKind) },
  'sync.pause': { args: NoArgs, result: SyncStatus },
  'sync.resume': { args: NoArgs, result: SyncStatus },
  'sync.setBandwidth': {
    args: z.object({ bytesPerSecond: z.number().int().min(0).max(1_000_000_000) }).strict(),
    result: SyncStatus,
  },
  'sync.history': {
    args: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        beforeMs: z.number().optional(),
      })
      .strict(),
    result: z.array(SyncUpload),
  },
  /** `token` omitted: keep the one already set. */
  'sync.setEndpoint': {
    args: z
      .object({
        url: z.string().trim().min(1).max(500),
        token: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
    result: SyncStatus,
  },
  'sync.checkModelUpdate': { args: NoArgs, result: SyncModelUpdate },
  'sync.activateModelUpdate': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    result: SyncModelUpdate,
  },
  'sync.rollbackModelUpdate': { args: NoArgs, result: SyncModelUpdate },
} as const;

const syncEventChannels = {
  'sync.changed': SyncStatus,
} as const;
// --- end of donation sync block

export const requestChannels = {
  ...syncRequestChannels,
  ...modelRequestChannels,
  ...demoRequestChannels,
  ...teachRequestChannels,
  'app.info': { args: NoArgs, result: AppInfo },
  'app.status': { args: NoArgs, result: AppStatus },
  'settings.getUi': { args: NoArgs, result: UiSettings },
  'settings.setLanguage': {
    args: z.object({ language: Language }).strict(),
    result: UiSettings,
  },
  'robots.list': { args: NoArgs, result: z.array(RobotSummary) },
  'robots.get': { args: RobotId, result: RobotDetail },
  'robots.connect': {
    args: z
      .object({
        path: z.string().min(1).max(300),
        profileId: z.string().min(1).max(80),
        name: z.string().min(1).max(80).optional(),
      })
      .strict(),
    result: RobotSummary,
  },
  'robots.disconnect': { args: RobotId, result: z.object({}) },
  'robots.rename': {
    args: z
      .object({ robotId: z.string().min(1).max(200), name: z.string().trim().min(1).max(80) })
      .strict(),
    result: RobotSummary,
  },
  'robots.command': {
    args: z
      .object({
        robotId: z.string().min(1).max(200),
        command: RobotCommand,
        joint: JointName.optional(),
      })
      .strict(),
    result: z.object({}),
  },
  /** Torque off on every joint of one robot, or of every robot when robotId is omitted. */
  'robots.emergencyStop': {
    args: z.object({ robotId: z.string().min(1).max(200).optional() }).strict(),
    result: z.object({ stopped: z.array(z.string()) }),
  },
  'robots.moveJoint': {
    args: z
      .object({
        robotId: z.string().min(1).max(200),
        joint: JointName,
        positionRad: z.number().finite(),
      })
      .strict(),
    result: z.object({}),
  },
  'gripper.command': {
    args: z
      .object({
        robotId: z.string().min(1).max(200),
        action: z.enum(['activate', 'open', 'close', 'stop', 'move']),
        openFraction: z.number().min(0).max(1).optional(),
        speed: z.number().min(0).max(1).optional(),
        force: z.number().min(0).max(1).optional(),
      })
      .strict(),
    result: z.object({}),
  },
  'controlTable.read': {
    args: z.object({ robotId: z.string().min(1).max(200), joint: JointName }).strict(),
    result: z.array(ControlTableEntry),
  },
  'controlTable.write': {
    args: z
      .object({
        robotId: z.string().min(1).max(200),
        joint: JointName,
        key: z.string().min(1).max(60),
        value: z.number().finite(),
      })
      .strict(),
    result: ControlTableEntry,
  },
  'console.send': {
    args: z
      .object({
        robotId: z.string().min(1).max(200),
        hex: z
          .string()
          .regex(/^[0-9a-fA-F\s]*$/)
          .max(3000),
      })
      .strict(),
    result: z.object({
      sent: z.string(),
      replies: z.array(z.object({ hex: z.string(), summary: z.string() })),
    }),
  },
  'ports.list': { args: NoArgs, result: z.array(SerialPortSummary) },
  'bus.scan': { args: ScanRequest, result: z.object({ scanId: z.string() }) },
  'bus.cancelScan': {
    args: z.object({ scanId: z.string().max(100) }).strict(),
    result: z.object({}),
  },
  'events.query': { args: EventQuery, result: z.array(LogEvent) },
  ...logChannels,
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
  ...syncEventChannels,
  ...modelEventChannels,
  ...teachEventChannels,
  'app.status': AppStatus,
  'robots.changed': z.array(RobotSummary),
  'events.appended': LogEvent,
  'ports.changed': z.array(SerialPortSummary),
  'bus.scanProgress': ScanProgress,
  'telemetry.batch': TelemetryBatch,
  'console.traffic': ConsoleTraffic,
  ...authEvents,
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
