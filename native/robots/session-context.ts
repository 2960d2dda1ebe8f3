/** What the link service hands a robot session: its identity and port, and where its output goes. */
import type { ConsoleTraffic, EventKind, EventMessage, Severity, TelemetryBatch } from '../domain';
import type { ByteTransport } from '../transport/byte-transport';

export interface SessionRecord {
  robotId: string;
  kind: Extract<EventKind, 'connection' | 'state' | 'fault' | 'operator'>;
  severity: Severity;
  /** The English rendering of `message`, as exports print it. */
  text: string;
  message: EventMessage;
  user?: string | null;
  /** What db/reports/shift-report.ts reads: state, connected, fault/cause, cleared. */
  data?: Record<string, unknown>;
}

export interface SessionContext {
  /** The robot's id in the robots table. */
  id: string;
  name: string;
  /** Adapter identity (USB serial, by-id path or path) the robot is registered under. */
  identity: string;
  /** Port shown to people: a serial path or a demo name. */
  port: string;
  simulated?: boolean;
  /** Opens the link at the profile's baud rate; rejects with a message a person can act on. */
  open: (baudRate: number) => Promise<ByteTransport>;
  /** Event log records (connection, state, fault, operator actions). */
  record?: (record: SessionRecord) => void;
  /** Telemetry batches for the UI (`telemetry.batch`), about every 100 ms. */
  onTelemetryBatch?: (batch: TelemetryBatch) => void;
  /**
   * Every batch, for the flight recorder in the database. Kept separate from the UI stream so
   * storage can sample or buffer differently.
   */
  onTelemetry?: (batch: TelemetryBatch) => void;
  /** Raw packet console (`console.traffic`); poll traffic is thinned to about one a second. */
  onTraffic?: (traffic: ConsoleTraffic) => void;
  /** Poll rate; the arm defaults to 50 Hz, the gripper to 10 Hz. */
  pollHz?: number;
  /** No successful reply for this long while the link is open counts as disconnected. */
  silenceTimeoutMs?: number;
  reconnectDelayMs?: { initial: number; max: number };
}
