/**
 * The shift timeline and shift report, computed from events (as data; the UI renders and
 * prints them).
 *
 * Event data conventions they read (what robot sessions and `genba demo` write):
 *   - kind 'state':      data.state — a RobotState ('ready', 'running', 'torque-off', 'fault',
 *                        'connecting', 'disconnected')
 *   - kind 'connection': data.connected — true (robot is 'ready', or data.state when given) or
 *                        false ('disconnected')
 *   - kind 'fault':      data.fault — the fault name (e.g. 'overheating'); optional;
 *                        data.cleared true marks "fault cleared" rows, which are not faults
 *   - kind 'alert':      data.cause — what the alert is about (e.g. 'overheating'); else its text
 *   - kind 'task':       data.phase 'start' | 'end', data.run (run id), data.task (name),
 *                        and on 'end' data.outcome ('succeeded' | 'failed' | 'aborted') and
 *                        data.startedMs
 * Uptime counts 'ready', 'running' and 'torque-off' (connected, no fault); time before a robot's
 * first known state in the range is 'unknown' and left out of its ratio.
 */
import type { Database } from 'better-sqlite3';
import type { EventKind, EventMessage, RobotState, Severity } from '../../native/domain';
import { eventMarkFromRow } from '../repositories/events-repository';

export type BandState = RobotState | 'unknown';

export interface StateBand {
  fromMs: number;
  toMs: number;
  state: BandState;
}

export interface RobotTimeline {
  robotId: string;
  name: string;
  bands: StateBand[];
}

export interface TimelineMark {
  id: number;
  tMs: number;
  robotId: string | null;
  kind: EventKind;
  severity: Severity;
  text: string;
  message: EventMessage | null;
}

export interface Timeline {
  fromMs: number;
  toMs: number;
  robots: RobotTimeline[];
  marks: TimelineMark[];
  /** Marks left out beyond the cap (the UI can zoom in to see them). */
  omittedMarks: number;
}

export interface RobotShiftSummary {
  robotId: string;
  name: string;
  upMs: number;
  runningMs: number;
  faultMs: number;
  disconnectedMs: number;
  unknownMs: number;
  /** upMs over the known part of the range; null when nothing is known. */
  uptimeRatio: number | null;
  faults: number;
  alerts: number;
  taskRuns: number;
  /** Up time per fault; null without faults. */
  meanTimeBetweenFaultsMs: number | null;
}

export interface TaskRun {
  robotId: string | null;
  task: string;
  run: string | null;
  startMs: number | null;
  endMs: number;
  outcome: string;
  durationMs: number | null;
}

export interface ShiftReport {
  fromMs: number;
  toMs: number;
  generatedMs: number;
  robots: RobotShiftSummary[];
  faults: TimelineMark[];
  faultCount: number;
  alertsBySeverity: Partial<Record<Severity, number>>;
  alertCount: number;
  topAlertCauses: { cause: string; count: number }[];
  taskRuns: TaskRun[];
  taskOutcomes: Record<string, number>;
  taskRunCount: number;
  meanTimeBetweenFaultsMs: number | null;
}

const UP: ReadonlySet<BandState> = new Set(['ready', 'running', 'torque-off']);
const MARK_KINDS = ['alert', 'fault', 'task', 'operator', 'connection'] as const;
export const MAX_MARKS = 2000;
const MAX_LISTED = 500;

type Row = {
  id: number;
  t_ms: number;
  robot_id: string | null;
  kind: EventKind;
  severity: Severity;
  text: string;
  message: string | null;
  data: string | null;
};

function parse(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stateOf(row: Pick<Row, 'kind' | 'data'>): BandState | null {
  const data = parse(row.data);
  if (row.kind === 'state' && typeof data.state === 'string') return data.state as BandState;
  if (row.kind === 'connection' && typeof data.connected === 'boolean')
    return data.connected
      ? typeof data.state === 'string'
        ? (data.state as BandState)
        : 'ready'
      : 'disconnected';
  return null;
}

function robotNames(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM robots').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** State bands per robot over [fromMs, toMs). */
export function stateBands(db: Database, fromMs: number, toMs: number): RobotTimeline[] {
  const names = robotNames(db);
  const current = new Map<string, { state: BandState; since: number }>();
  const bands = new Map<string, StateBand[]>();
  const before = db
    .prepare(
      `SELECT e.robot_id, e.kind, e.data FROM events e
       WHERE e.id IN (SELECT max(id) FROM events
                      WHERE kind IN ('state', 'connection') AND robot_id IS NOT NULL AND t_ms < ?
                      GROUP BY robot_id)`,
    )
    .all(fromMs) as Row[];
  for (const row of before) {
    const state = stateOf(row);
    if (row.robot_id && state) current.set(row.robot_id, { state, since: fromMs });
  }
  for (const id of names.keys())
    if (!current.has(id)) current.set(id, { state: 'unknown', since: fromMs });
  const during = db
    .prepare(
      `SELECT id, t_ms, robot_id, kind, data FROM events
       WHERE kind IN ('state', 'connection') AND robot_id IS NOT NULL AND t_ms >= ? AND t_ms < ?
       ORDER BY t_ms, id`,
    )
    .iterate(fromMs, toMs) as IterableIterator<Row>;
  const close = (robotId: string, at: number) => {
    const open = current.get(robotId);
    if (!open || at <= open.since) return;
    const list = bands.get(robotId) ?? [];
    const previous = list.at(-1);
    if (previous && previous.state === open.state && previous.toMs === open.since)
      previous.toMs = at;
    else list.push({ fromMs: open.since, toMs: at, state: open.state });
    bands.set(robotId, list);
  };
  for (const row of during) {
    const state = stateOf(row);
    if (!state || !row.robot_id) continue;
    close(row.robot_id, row.t_ms);
    current.set(row.robot_id, { state, since: row.t_ms });
  }
  for (const robotId of current.keys()) close(robotId, toMs);
  return [...current.keys()].sort().map((robotId) => ({
    robotId,
    name: names.get(robotId) ?? robotId,
    bands: bands.get(robotId) ?? [],
  }));
}

export function buildTimeline(db: Database, fromMs: number, toMs: number): Timeline {
  const robots = stateBands(db, fromMs, toMs);
  const kinds = MARK_KINDS.map((k) => `'${k}'`).join(',');
  const total = (
    db
      .prepare(
        `SELECT count(*) AS n FROM events WHERE t_ms >= ? AND t_ms < ? AND kind IN (${kinds})`,
      )
      .get(fromMs, toMs) as { n: number }
  ).n;
  // Faults and alerts first when there are too many marks to show.
  const marks = (
    db
      .prepare(
        `SELECT id, t_ms, robot_id, kind, severity, text, message FROM events
         WHERE t_ms >= ? AND t_ms < ? AND kind IN (${kinds})
         ORDER BY CASE kind WHEN 'fault' THEN 0 WHEN 'alert' THEN 1 ELSE 2 END, t_ms LIMIT ?`,
      )
      .all(fromMs, toMs, MAX_MARKS) as Row[]
  )
    .map(eventMarkFromRow)
    .sort((a, b) => a.tMs - b.tMs || a.id - b.id);
  return { fromMs, toMs, robots, marks, omittedMarks: Math.max(0, total - marks.length) };
}

/** A robot's summary before any of its state bands is counted: the whole span unknown. */
function emptySummary(robotId: string, name: string, spanMs: number): RobotShiftSummary {
  return {
    robotId,
    name,
    upMs: 0,
    runningMs: 0,
    faultMs: 0,
    disconnectedMs: 0,
    unknownMs: spanMs,
    uptimeRatio: null,
    faults: 0,
    alerts: 0,
    taskRuns: 0,
    meanTimeBetweenFaultsMs: null,
  };
}

export function buildShiftReport(
  db: Database,
  fromMs: number,
  toMs: number,
  nowMs = Date.now(),
): ShiftReport {
  const timelines = stateBands(db, fromMs, toMs);
  const summaries = new Map<string, RobotShiftSummary>();
  for (const t of timelines) {
    const s = emptySummary(t.robotId, t.name, toMs - fromMs);
    for (const band of t.bands) {
      const ms = band.toMs - band.fromMs;
      if (band.state !== 'unknown') s.unknownMs -= ms;
      if (UP.has(band.state)) s.upMs += ms;
      if (band.state === 'running') s.runningMs += ms;
      if (band.state === 'fault') s.faultMs += ms;
      if (band.state === 'disconnected') s.disconnectedMs += ms;
    }
    summaries.set(t.robotId, s);
  }
  const summary = (robotId: string | null) => {
    if (!robotId) return null;
    let s = summaries.get(robotId);
    if (!s) {
      s = emptySummary(robotId, robotId, toMs - fromMs);
      summaries.set(robotId, s);
    }
    return s;
  };

  const faults: TimelineMark[] = [];
  let faultCount = 0;
  let alertCount = 0;
  const alertsBySeverity: Partial<Record<Severity, number>> = {};
  const causes = new Map<string, number>();
  const taskRuns: TaskRun[] = [];
  const taskOutcomes: Record<string, number> = {};
  let taskRunCount = 0;
  const rows = db
    .prepare(
      `SELECT id, t_ms, robot_id, kind, severity, text, message, data FROM events
       WHERE t_ms >= ? AND t_ms < ? AND kind IN ('fault', 'alert', 'task') ORDER BY t_ms, id`,
    )
    .iterate(fromMs, toMs) as IterableIterator<Row>;
  for (const row of rows) {
    const data = parse(row.data);
    if (row.kind === 'fault') {
      if (data.cleared === true) continue;
      faultCount++;
      const s = summary(row.robot_id);
      if (s) s.faults++;
      if (faults.length < MAX_LISTED) faults.push(eventMarkFromRow(row));
    } else if (row.kind === 'alert') {
      alertCount++;
      const s = summary(row.robot_id);
      if (s) s.alerts++;
      alertsBySeverity[row.severity] = (alertsBySeverity[row.severity] ?? 0) + 1;
      const cause = typeof data.cause === 'string' ? data.cause : row.text;
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    } else if (data.phase === 'end') {
      taskRunCount++;
      const s = summary(row.robot_id);
      if (s) s.taskRuns++;
      const outcome = typeof data.outcome === 'string' ? data.outcome : 'unknown';
      taskOutcomes[outcome] = (taskOutcomes[outcome] ?? 0) + 1;
      const startMs = typeof data.startedMs === 'number' ? data.startedMs : null;
      if (taskRuns.length < MAX_LISTED) {
        taskRuns.push({
          robotId: row.robot_id,
          task: typeof data.task === 'string' ? data.task : row.text,
          run:
            typeof data.run === 'string' || typeof data.run === 'number' ? String(data.run) : null,
          startMs,
          endMs: row.t_ms,
          outcome,
          durationMs: startMs === null ? null : row.t_ms - startMs,
        });
      }
    }
  }
  let upTotal = 0;
  for (const s of summaries.values()) {
    const known = toMs - fromMs - s.unknownMs;
    s.uptimeRatio = known > 0 ? s.upMs / known : null;
    s.meanTimeBetweenFaultsMs = s.faults > 0 ? s.upMs / s.faults : null;
    upTotal += s.upMs;
  }
  return {
    fromMs,
    toMs,
    generatedMs: nowMs,
    robots: [...summaries.values()].sort((a, b) => a.robotId.localeCompare(b.robotId)),
    faults,
    faultCount,
    alertsBySeverity,
    alertCount,
    topAlertCauses: [...causes.entries()]
      .map(([cause, count]) => ({ cause, count }))
      .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause))
      .slice(0, 10),
    taskRuns,
    taskOutcomes,
    taskRunCount,
    meanTimeBetweenFaultsMs: faultCount > 0 ? upTotal / faultCount : null,
  };
}
