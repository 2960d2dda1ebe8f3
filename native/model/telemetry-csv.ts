/**
 * The telemetry CSV contract: the TELEMETRY_CSV_COLUMNS header, one row per joint per sample.
 * Errors name the line and the column; times, magnitudes and the error bits are bounded, so a
 * broken file is refused before any work proportional to its values starts.
 */
import { TELEMETRY_CSV_COLUMNS } from '../domain';
import type { TelemetryRow } from './telemetry';

export const TELEMETRY_CSV_HEADER = TELEMETRY_CSV_COLUMNS;

export class TelemetryCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryCsvError';
  }
}

/** Latest plausible sample time: 2100-01-01 in ms since 1970 (relative ms from 0 also pass). */
export const MAX_T_MS = Date.UTC(2100, 0, 1);

/** Physical bounds per channel: a value outside is a broken file, not a reading. */
export const CHANNEL_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  position_rad: [-1000, 1000],
  velocity_rad_s: [-1000, 1000],
  current_a: [-100, 100],
  voltage_v: [0, 60],
  temperature_c: [-40, 200],
};

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const WHOLE = /^\d+$/;
const EXPECTED = TELEMETRY_CSV_HEADER.join(',');

export function parseTelemetryCsv(text: string, source = 'input'): TelemetryRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  if (header.join(',') !== EXPECTED) {
    const width = Math.max(header.length, TELEMETRY_CSV_HEADER.length);
    const at = Array.from({ length: width }, (_, i) => i).find(
      (i) => header[i] !== TELEMETRY_CSV_HEADER[i],
    );
    const column = (at ?? 0) + 1;
    const found = header[at ?? 0];
    const wanted = TELEMETRY_CSV_HEADER[at ?? 0];
    throw new TelemetryCsvError(
      `${source}:1: column ${column} ${found === undefined ? 'is missing' : `is "${found}"`}, expected ${wanted === undefined ? 'no more columns' : `"${wanted}"`}; the header must be "${EXPECTED}".`,
    );
  }
  const rows: TelemetryRow[] = [];
  /**
   * Last time and line per robot/joint: a joint's samples may not go back in time. The same time
   * twice is a row a flaky link or logger repeated: accepted here, and the joint series keeps the first.
   */
  const last = new Map<string, { tMs: number; line: number }>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const at = `${source}:${i + 1}`;
    const cells = line.split(',');
    if (cells.length !== TELEMETRY_CSV_HEADER.length)
      throw new TelemetryCsvError(
        `${at}: expected ${TELEMETRY_CSV_HEADER.length} columns (${EXPECTED}), found ${cells.length}${cells.length > TELEMETRY_CSV_HEADER.length ? `; column ${TELEMETRY_CSV_HEADER.length + 1} is extra` : ''}.`,
      );
    const cell = (c: number) => (cells[c] ?? '').trim();
    const fail = (c: number, what: string): never => {
      throw new TelemetryCsvError(
        `${at}: column ${c + 1} (${TELEMETRY_CSV_HEADER[c]}) ${what}, got "${cell(c)}".`,
      );
    };
    const num = (c: number): number => {
      const raw = cell(c);
      const v = Number(raw);
      if (!DECIMAL.test(raw) || !Number.isFinite(v)) fail(c, 'must be a number');
      const [lo, hi] = CHANNEL_BOUNDS[TELEMETRY_CSV_HEADER[c] ?? ''] ?? [-Infinity, Infinity];
      if (v < lo || v > hi) fail(c, `must be within ${lo} … ${hi}`);
      return v;
    };
    const whole = (c: number, max: number, what: string): number => {
      const raw = cell(c);
      const v = Number(raw);
      if (!WHOLE.test(raw) || !Number.isSafeInteger(v) || v > max) fail(c, what);
      return v;
    };
    const name = (c: number): string => {
      if (!cell(c)) fail(c, 'is empty');
      return cell(c);
    };
    const tMs = whole(0, MAX_T_MS, `must be whole milliseconds from 0 to ${MAX_T_MS} (2100)`);
    const robot = name(1);
    const joint = name(2);
    const key = `${robot}\u0000${joint}`;
    const previous = last.get(key);
    if (previous && tMs < previous.tMs)
      fail(
        0,
        `must not be before ${previous.tMs}, the previous sample of ${robot} ${joint} (line ${previous.line}); sort the rows by time`,
      );
    last.set(key, { tMs, line: i + 1 });
    rows.push({
      tMs,
      robot,
      joint,
      positionRad: num(3),
      velocityRadS: num(4),
      currentA: num(5),
      voltageV: num(6),
      temperatureC: num(7),
      hwError: whole(
        8,
        255,
        'must be a whole number from 0 to 255 (the Hardware Error Status bits, decimal)',
      ),
    });
  }
  if (rows.length === 0)
    throw new TelemetryCsvError(`${source}: no samples after the header; nothing to diagnose.`);
  return rows;
}

export function formatTelemetryCsv(rows: TelemetryRow[]): string {
  const out = [TELEMETRY_CSV_HEADER.join(',')];
  for (const r of rows)
    out.push(
      [
        r.tMs,
        r.robot,
        r.joint,
        r.positionRad.toFixed(4),
        r.velocityRadS.toFixed(3),
        r.currentA.toFixed(3),
        r.voltageV.toFixed(1),
        r.temperatureC,
        r.hwError,
      ].join(','),
    );
  return `${out.join('\n')}\n`;
}
