/**
 * Streaming export of a time range: telemetry as the telemetry CSV contract (or a JSON array
 * of the same rows), events as CSV or JSON. Runs in the db worker, reads one minute of
 * telemetry (or one statement row of events) at a time and writes through a 1 MB buffer, so a
 * year of data never sits in memory. The file appears under its name only when complete
 * (written as `<name>.partial`, then renamed).
 */
import type { Database } from 'better-sqlite3';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TELEMETRY_CHANNELS, TELEMETRY_CSV_COLUMNS } from '../../native/domain';
import type { TelemetryStore } from '../telemetry/telemetry-store';

export const TELEMETRY_CSV_HEADER = TELEMETRY_CSV_COLUMNS.join(',');
/** `,"<channel>":` for each channel, in column order (a JSON row's keys after robot and joint). */
const JSON_KEYS = TELEMETRY_CHANNELS.map((channel) => `,"${channel}":`);
export const EVENTS_CSV_HEADER = 'id,t_ms,time,robot,kind,severity,user,text';

export type ExportKind = 'telemetry' | 'events';
export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  fromMs?: number;
  toMs?: number;
  path: string;
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

function writeEvents(db: Database, request: ExportRequest, sink: FileSink): number {
  const json = request.format === 'json';
  sink.write(json ? '[' : `${EVENTS_CSV_HEADER}\n`);
  const statement = db.prepare(
    `SELECT id, t_ms, robot_id, kind, severity, user, text, data FROM events
     WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms, id`,
  );
  let rows = 0;
  const iterator = statement.iterate(
    request.fromMs ?? -Number.MAX_SAFE_INTEGER,
    request.toMs ?? Number.MAX_SAFE_INTEGER,
  ) as IterableIterator<{
    id: number;
    t_ms: number;
    robot_id: string | null;
    kind: string;
    severity: string;
    user: string | null;
    text: string;
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
