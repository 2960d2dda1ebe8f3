/**
 * Robots on their serial buses: connecting, commands, joints, the gripper, the control table,
 * the raw packet console, port discovery and bus scans, and the live telemetry stream.
 */
import { z } from 'zod';
import {
  BUS_PROTOCOLS,
  GRIPPER_OBJECT_DETECTIONS,
  PORT_SOURCES,
  ROBOT_KINDS,
  ROBOT_STATES,
  SCAN_FAILURES,
  SCAN_STATES,
  type ConsoleTraffic as DomainConsoleTraffic,
  type ControlTableEntry as DomainControlTableEntry,
  type RobotDetail as DomainRobotDetail,
  type RobotSummary as DomainRobotSummary,
  type ScanDevice as DomainScanDevice,
  type ScanProgress as DomainScanProgress,
  type ScanRequest as DomainScanRequest,
  type SerialPortSummary as DomainSerialPortSummary,
  type TelemetryBatch as DomainTelemetryBatch,
} from '../../../native/domain';
import { ALL, READERS, TECHNICIAN } from './access';
import {
  JointName,
  MEASURED_CHANNELS,
  NoArgs,
  RobotId,
  RobotIdArg,
  Text,
  type ChannelSpec,
  type EventSpec,
  type SameShape,
} from './common';

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
  attention: Text.nullable(),
});
export type RobotSummary = z.infer<typeof RobotSummary>;
const _robotSummary: SameShape<RobotSummary, DomainRobotSummary> = true;

export const SerialPortSummary = z.object({
  path: z.string(),
  identity: z.string(),
  adapterName: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
  byIdPath: z.string().optional(),
  source: z.enum(PORT_SOURCES),
  simulates: Text.optional(),
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
  failure: z.enum(SCAN_FAILURES).optional(),
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
  ...MEASURED_CHANNELS,
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
  ...MEASURED_CHANNELS,
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

export const robotChannels = {
  'robots.list': {
    access: { roles: ALL, whenLocked: true },
    args: NoArgs,
    result: z.array(RobotSummary),
  },
  'robots.get': { access: { roles: ALL }, args: RobotId, result: RobotDetail },
  'robots.connect': {
    access: { roles: TECHNICIAN, auditOnAccept: 'robot.connect' },
    args: z
      .object({
        path: z.string().min(1).max(300),
        profileId: z.string().min(1).max(80),
        name: z.string().min(1).max(80).optional(),
      })
      .strict(),
    result: RobotSummary,
  },
  'robots.disconnect': {
    access: { roles: TECHNICIAN, auditOnAccept: 'robot.disconnect' },
    args: RobotId,
    result: z.object({}),
  },
  'robots.rename': {
    access: { roles: ['technician', 'admin'] },
    args: RobotId.extend({ name: z.string().trim().min(1).max(80) }),
    result: RobotSummary,
  },
  'robots.command': {
    access: { roles: TECHNICIAN, auditOnAccept: 'robot.command' },
    args: RobotId.extend({ command: RobotCommand, joint: JointName.optional() }),
    result: z.object({}),
  },
  /**
   * Torque off on every joint of one robot, or of every robot when robotId is omitted.
   * Anyone at the terminal, signed in or not, locked or not: no screen may stand between a person
   * and stopping a robot, and a stop is always safe to allow. Signed out, the audit row names the
   * caller `anonymous` and the connection it came over.
   */
  'robots.emergencyStop': {
    access: { roles: 'public', auditOnAccept: 'robot.emergency-stop' },
    args: z.object({ robotId: RobotIdArg.optional() }).strict(),
    result: z.object({ stopped: z.array(z.string()) }),
  },
  'robots.moveJoint': {
    access: { roles: TECHNICIAN, auditOnAccept: 'robot.move-joint' },
    args: RobotId.extend({ joint: JointName, positionRad: z.number().finite() }),
    result: z.object({}),
  },
  'gripper.command': {
    access: { roles: TECHNICIAN, auditOnAccept: 'gripper.command' },
    args: RobotId.extend({
      action: z.enum(['activate', 'open', 'close', 'stop', 'move']),
      openFraction: z.number().min(0).max(1).optional(),
      speed: z.number().min(0).max(1).optional(),
      force: z.number().min(0).max(1).optional(),
    }),
    result: z.object({}),
  },
  'controlTable.read': {
    access: { roles: READERS },
    args: RobotId.extend({ joint: JointName }),
    result: z.array(ControlTableEntry),
  },
  'controlTable.write': {
    access: { roles: TECHNICIAN, auditOnAccept: 'control-table.write' },
    args: RobotId.extend({
      joint: JointName,
      key: z.string().min(1).max(60),
      value: z.number().finite(),
    }),
    result: ControlTableEntry,
  },
  'console.send': {
    access: { roles: TECHNICIAN, auditOnAccept: 'console.send' },
    args: RobotId.extend({
      hex: z
        .string()
        .regex(/^[0-9a-fA-F\s]*$/)
        .max(3000),
    }),
    result: z.object({
      sent: z.string(),
      replies: z.array(z.object({ hex: z.string(), summary: z.string() })),
    }),
  },
  'ports.list': { access: { roles: READERS }, args: NoArgs, result: z.array(SerialPortSummary) },
  'bus.scan': {
    access: { roles: TECHNICIAN, auditOnAccept: 'bus.scan' },
    args: ScanRequest,
    result: z.object({ scanId: z.string() }),
  },
  'bus.cancelScan': {
    access: { roles: TECHNICIAN },
    args: z.object({ scanId: z.string().max(100) }).strict(),
    result: z.object({}),
  },
} as const satisfies Record<string, ChannelSpec>;

export const robotEvents = {
  'robots.changed': { payload: z.array(RobotSummary), access: { roles: ALL, whenLocked: true } },
  'ports.changed': { payload: z.array(SerialPortSummary), access: { roles: READERS } },
  'bus.scanProgress': { payload: ScanProgress, access: { roles: TECHNICIAN } },
  'telemetry.batch': { payload: TelemetryBatch, access: { roles: ALL } },
  'console.traffic': { payload: ConsoleTraffic, access: { roles: TECHNICIAN } },
} as const satisfies Record<string, EventSpec>;
