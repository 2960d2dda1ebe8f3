/** The `events` table as donation sources: fault and alert events, and task events with an outcome. */
import type { Database } from 'better-sqlite3';
import { cursor, setCursor } from '../cursors';
import { enqueueForDonation } from '../outbox';
import { stmt } from '../statements';
import {
  CHUNK,
  num,
  parseData,
  robotInfo,
  str,
  tally,
  type RobotInfo,
  type Tally,
} from './sweep-rows';

/**
 * Reads event rows after the source's cursor (`sql` takes the last id and a limit), CHUNK at a
 * time; the records of a chunk and the advanced cursor commit in one transaction, so a crash
 * neither loses nor repeats one. Returns the rows read.
 */
function sweepEventRows<R extends { id: number }>(
  db: Database,
  source: string,
  sql: string,
  each: (row: R) => void,
): number {
  let read = 0;
  for (;;) {
    const after = Number(cursor(db, source) ?? 0);
    const rows = stmt(db, sql).all(after, CHUNK) as R[];
    if (rows.length === 0) return read;
    db.transaction(() => {
      for (const row of rows) each(row);
      setCursor(db, source, String(rows.at(-1)!.id));
    }).immediate();
    read += rows.length;
  }
}

/** Fault and alert events → fault episodes. */
export function sweepFaultEvents(
  db: Database,
  nowMs: number,
  t: Tally,
  robots: Map<string, RobotInfo>,
): number {
  return sweepEventRows<{
    id: number;
    t_ms: number;
    robot_id: string | null;
    severity: string;
    data: string | null;
  }>(
    db,
    'events:fault-episodes',
    `SELECT id, t_ms, robot_id, severity, data FROM events
     WHERE id > ? AND kind IN ('fault', 'alert') ORDER BY id LIMIT ?`,
    (row) => {
      if (!row.robot_id || row.severity === 'debug' || row.severity === 'info') return;
      const data = parseData(row.data);
      const info = robotInfo(db, row.robot_id, robots);
      const startMs = num(data.startedMs) ?? row.t_ms;
      const durationMs = num(data.durationMs);
      tally(
        t,
        enqueueForDonation(
          db,
          'fault-episodes',
          {
            robotId: row.robot_id,
            model: info.model,
            firmware: info.firmware ?? null,
            joint: str(data.joint),
            fault: str(data.fault) ?? str(data.cause) ?? str(data.code) ?? 'other',
            severity: row.severity,
            startMs,
            endMs: durationMs !== null ? startMs + durationMs : (num(data.endedMs) ?? null),
            hwError: num(data.hwError),
            peakTemperatureC: num(data.temperatureC) ?? num(data.peakTemperatureC),
            peakCurrentA: num(data.currentA) ?? num(data.peakCurrentA),
            minVoltageV: num(data.voltageV) ?? num(data.minVoltageV),
          },
          nowMs,
        ),
      );
    },
  );
}

/** Task events that carry an outcome → task outcomes. */
export function sweepTaskEvents(
  db: Database,
  nowMs: number,
  t: Tally,
  robots: Map<string, RobotInfo>,
): number {
  return sweepEventRows<{ id: number; t_ms: number; robot_id: string | null; data: string | null }>(
    db,
    'events:task-outcomes',
    `SELECT id, t_ms, robot_id, data FROM events WHERE id > ? AND kind = 'task' ORDER BY id LIMIT ?`,
    (row) => {
      const data = parseData(row.data);
      const outcome = str(data.outcome) ?? str(data.result);
      if (!row.robot_id || !outcome) return;
      const info = robotInfo(db, row.robot_id, robots);
      tally(
        t,
        enqueueForDonation(
          db,
          'task-outcomes',
          {
            robotId: row.robot_id,
            model: info.model,
            firmware: info.firmware ?? null,
            startMs: num(data.startedMs) ?? row.t_ms,
            endMs: num(data.endedMs) ?? row.t_ms,
            outcome,
            steps: num(data.steps),
            failedStepKind: str(data.failedStepKind),
            fault: str(data.fault),
          },
          nowMs,
        ),
      );
    },
  );
}
