/** The operational log's events: what happened, how bad, to which robot, by whom. */
import type { EventMessage } from './event-messages';

export const SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_EVENT_KINDS = [
  'alert',
  'fault',
  'state',
  'connection',
  'task',
  'operator',
  'system',
] as const;
export type EventKind = (typeof LOG_EVENT_KINDS)[number];

export interface LogEvent {
  id: number;
  tMs: number;
  robotId: string | null;
  kind: EventKind;
  severity: Severity;
  user: string | null;
  /** English; old logs and free text (notes) have only this. */
  text: string;
  /** The line as code and parameters, for rendering in the reader's language. */
  message: EventMessage | null;
}

/** A search over the log; omitted fields do not filter. */
export interface EventQuery {
  text?: string;
  robotId?: string;
  kinds?: EventKind[];
  severities?: Severity[];
  fromMs?: number;
  toMs?: number;
  /** At most this many, newest first (200 when omitted). */
  limit?: number;
  /** Page on: only events older than this id. */
  beforeId?: number;
}
