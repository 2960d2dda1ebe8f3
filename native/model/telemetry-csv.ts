/**
 * The telemetry CSV contract: the TELEMETRY_CSV_COLUMNS header, one row per joint per sample.
 * Errors name the line and the column.
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

export function parseTelemetryCsv(text: string, source = 'input'): TelemetryRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  if (header.join(',') !== TELEMETRY_CSV_HEADER.join(',')) {
    const at = TELEMETRY_CSV_HEADER.findIndex((h, i) => header[i] !== h);
    throw new TelemetryCsvError(
      `${source}:1: the header must be "${TELEMETRY_CSV_HEADER.join(',')}" (column ${at + 1} is "${header[at] ?? ''}", expected "${TELEMETRY_CSV_HEADER[at] ?? ''}").`,
    );
  }
  const rows: TelemetryRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== TELEMETRY_CSV_HEADER.length)
      throw new TelemetryCsvError(
        `${source}:${i + 1}: expected ${TELEMETRY_CSV_HEADER.length} columns, found ${cells.length}.`,
      );
    const num = (c: number, integer = false): number => {
      const raw = (cells[c] ?? '').trim();
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
        throw new TelemetryCsvError(
          `${source}:${i + 1}: column ${c + 1} (${TELEMETRY_CSV_HEADER[c]}) must be ${integer ? 'an integer' : 'a number'}, got "${raw}".`,
        );
      return v;
    };
    const text = (c: number): string => {
      const raw = (cells[c] ?? '').trim();
      if (!raw)
        throw new TelemetryCsvError(
          `${source}:${i + 1}: column ${c + 1} (${TELEMETRY_CSV_HEADER[c]}) is empty.`,
        );
      return raw;
    };
    rows.push({
      tMs: num(0, true),
      robot: text(1),
      joint: text(2),
      positionRad: num(3),
      velocityRadS: num(4),
      currentA: num(5),
      voltageV: num(6),
      temperatureC: num(7),
      hwError: num(8, true),
    });
  }
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
