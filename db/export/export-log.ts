/**
 * Streaming export of a time range: telemetry as the telemetry CSV contract (or a JSON array
 * of the same rows), events as CSV or JSON. Runs in the db worker, reads one minute of
 * telemetry (or one statement row of events) at a time and writes through a 1 MB buffer, so a
 * year of data never sits in memory. The file appears under its name only when complete
 * (written as `<name>.partial`, then renamed).
 */
import type { Database } from 'better-sqlite3';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import {
  renderEventMessage,
  TELEMETRY_CHANNELS,
  TELEMETRY_CSV_COLUMNS,
  type Language,
} from '../../native/domain';
import {
  eventFilterSql,
  messageFromColumn,
  type EventFilter,
} from '../repositories/events-repository';
import type { TelemetryStore } from '../telemetry/telemetry-store';

export const TELEMETRY_CSV_HEADER = TELEMETRY_CSV_COLUMNS.join(',');
/** `,"<channel>":` for each channel, in column order (a JSON row's keys after robot and joint). */
const JSON_KEYS = TELEMETRY_CHANNELS.map((channel) => `,"${channel}":`);
export const EVENTS_CSV_HEADER = 'id,t_ms,time,robot,kind,severity,user,text';
/** Events CSV for a spreadsheet: the local wall-clock time beside UTC, the text in a language. */
export const EVENTS_SPREADSHEET_HEADER = 'id,t_ms,time,local_time,robot,kind,severity,user,text';
/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
const UTF8_BOM = '\ufeff';

/** How a person's spreadsheet wants the events CSV (the machine CSV leaves this out). */
export interface SpreadsheetCsv {
  language: Language;
  /** Minutes east of UTC of the terminal's clock at export (Japan: 540). */
  utcOffsetMinutes: number;
}

export type ExportKind = 'telemetry' | 'events';
export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  fromMs?: number;
  toMs?: number;
  path: string;
  /** Events only: the same search the Logs table shows (text, robot, kinds, severities). */
  filter?: Omit<EventFilter, 'fromMs' | 'toMs'>;
  /** Events CSV only: for a spreadsheet (byte-order mark, local time, the text in a language). */
  spreadsheet?: SpreadsheetCsv;
}

export interface ExportResult {
  path: string;
  kind: ExportKind;
  format: ExportFormat;
  rows: number;
  bytes: number;
}

const SLICE_MS = 60_000;
const FLUSH_AT = 1 << 20;

class FileSink {
  private fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset);
    this.bytes += buffer.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportLog(
  db: Database,
  store: TelemetryStore,
  request: ExportRequest,
): ExportResult {
  const partial = `${request.path}.partial`;
  const sink = new FileSink(partial);
  let rows: number;
  try {
    rows =
      request.kind === 'telemetry'
        ? writeTelemetry(db, store, request, sink)
        : writeEvents(db, request, sink);
    sink.close();
    renameSync(partial, request.path);
  } catch (error) {
    try {
      sink.close();
    } catch {
      // Already closed or never opened: nothing to clean but the file.
    }
    rmSync(partial, { force: true });
    throw error;
  }
  return {
    path: request.path,
    kind: request.kind,
    format: request.format,
    rows,
    bytes: sink.bytes,
  };
}

/** Rows of [t, seriesOrder, values…] sorted by time, then robot, then joint. */
function writeTelemetry(
  db: Database,
  store: TelemetryStore,
  request: ExportRequest,
  sink: FileSink,
): number {
  const json = request.format === 'json';
  sink.write(json ? '[' : `${TELEMETRY_CSV_HEADER}\n`);
  if (!store.available) {
    if (json) sink.write(']\n');
    return 0;
  }
  store.flush();
  const series = db
    .prepare('SELECT id, robot_id AS robotId, joint FROM telemetry_series ORDER BY robot_id, joint')
    .all() as { id: number; robotId: string; joint: string }[];
  const bounds = db
    .prepare('SELECT min(t0_ms) AS lo, max(t1_ms) AS hi FROM telemetry_chunks')
    .get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) {
    if (json) sink.write(']\n');
    return 0;
  }
  const from = Math.max(request.fromMs ?? -Infinity, bounds.lo);
  const to = Math.min(request.toMs ?? Infinity, bounds.hi + 1);
  const nextChunk = db.prepare('SELECT min(t0_ms) AS t FROM telemetry_chunks WHERE t0_ms >= ?');
  const prefixes = series.map((s) =>
    json
      ? `"robot":${JSON.stringify(s.robotId)},"joint":${JSON.stringify(s.joint)}`
      : `${csvField(s.robotId)},${csvField(s.joint)}`,
  );
  let rows = 0;
  let sliceStart = from;
  while (sliceStart < to) {
    const sliceEnd = Math.min(to, sliceStart + SLICE_MS);
    const slice: { t: number; s: number; columns: Float64Array[]; i: number }[] = [];
    series.forEach((s, order) => {
      for (const chunk of store.iterateChunks(s.id, sliceStart, sliceEnd)) {
        const t = chunk.columns[0]!;
        for (let i = 0; i < chunk.n; i++) {
          const ti = t[i]!;
          if (ti >= sliceStart && ti < sliceEnd) {
            slice.push({ t: ti, s: order, columns: chunk.columns, i });
          }
        }
      }
    });
    slice.sort((a, b) => a.t - b.t || a.s - b.s);
    for (const row of slice) {
      const columns = row.columns;
      const i = row.i;
      if (json) {
        let line = `${rows ? ',' : ''}\n{"t_ms":${row.t},${prefixes[row.s]!}`;
        for (let c = 0; c < JSON_KEYS.length; c++) line += JSON_KEYS[c]! + num(columns[c + 1]![i]!);
        sink.write(`${line}}`);
      } else {
        sink.write(
          `${row.t},${prefixes[row.s]!},${columns[1]![i]!},${columns[2]![i]!},${columns[3]![i]!},${columns[4]![i]!},${columns[5]![i]!},${columns[6]![i]!}\n`,
        );
      }
      rows++;
    }
    if (slice.length === 0) {
      // Skip empty stretches (e.g. between keep windows) straight to the next stored chunk.
      const next = (nextChunk.get(sliceEnd) as { t: number | null }).t;
      sliceStart = next === null ? to : Math.max(sliceEnd, Math.floor(next / SLICE_MS) * SLICE_MS);
    } else {
      sliceStart = sliceEnd;
    }
  }
  if (json) sink.write('\n]\n');
  return rows;
}

/** JSON has no NaN or Infinity: those become null. */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** `YYYY-MM-DD HH:MM:SS` at the given offset: a form every spreadsheet reads as a date. */
function localTime(tMs: number, utcOffsetMinutes: number): string {
  return new Date(tMs + utcOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

function writeEvents(db: Database, request: ExportRequest, sink: FileSink): number {
  const json = request.format === 'json';
  const sheet = json ? undefined : request.spreadsheet;
  sink.write(
    json ? '[' : sheet ? `${UTF8_BOM}${EVENTS_SPREADSHEET_HEADER}\n` : `${EVENTS_CSV_HEADER}\n`,
  );
  const { from, where, params } = eventFilterSql({
    ...request.filter,
    ...(request.fromMs !== undefined ? { fromMs: request.fromMs } : {}),
    ...(request.toMs !== undefined ? { toMs: request.toMs } : {}),
  });
  const statement = db.prepare(
    `SELECT e.id, e.t_ms, e.robot_id, e.kind, e.severity, e.user, e.text, e.message, e.data
     FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.t_ms, e.id`,
  );
  let rows = 0;
  const iterator = statement.iterate(...params) as IterableIterator<{
    id: number;
    t_ms: number;
    robot_id: string | null;
    kind: string;
    severity: string;
    user: string | null;
    text: string;
    message: string | null;
    data: string | null;
  }>;
  for (const e of iterator) {
    if (json) {
      sink.write(
        `${rows ? ',' : ''}\n${JSON.stringify({
          id: e.id,
          tMs: e.t_ms,
          time: new Date(e.t_ms).toISOString(),
          robotId: e.robot_id,
          kind: e.kind,
          severity: e.severity,
          user: e.user,
          text: e.text,
          data: e.data === null ? null : (JSON.parse(e.data) as unknown),
        })}`,
      );
    } else if (sheet) {
      const message = messageFromColumn(e.message);
      const text = message ? renderEventMessage(message, sheet.language) : e.text;
      sink.write(
        `${e.id},${e.t_ms},${new Date(e.t_ms).toISOString()},${localTime(e.t_ms, sheet.utcOffsetMinutes)},${csvField(e.robot_id)},${e.kind},${e.severity},${csvField(e.user)},${csvField(text)}\n`,
      );
    } else {
      sink.write(
        `${e.id},${e.t_ms},${new Date(e.t_ms).toISOString()},${csvField(e.robot_id)},${e.kind},${e.severity},${csvField(e.user)},${csvField(e.text)}\n`,
      );
    }
    rows++;
  }
  if (json) sink.write('\n]\n');
  return rows;
}
