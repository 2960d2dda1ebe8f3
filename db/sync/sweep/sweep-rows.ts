/** What every source sweep shares: reading the robot a row belongs to and a row's JSON. */
import type { Database } from 'better-sqlite3';
import type { EnqueueResult } from '../outbox';
import { stmt } from '../statements';

/** Source rows read per transaction. */
export const CHUNK = 2000;

export function hasTable(db: Database, name: string): boolean {
  return !!stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

export type RobotInfo = {
  model: string;
  firmware: string | undefined;
  settings: Record<string, unknown>;
};

export function robotInfo(db: Database, robotId: string, cache: Map<string, RobotInfo>): RobotInfo {
  let info = cache.get(robotId);
  if (info) return info;
  const row = stmt(db, 'SELECT profile, settings FROM robots WHERE id = ?').get(robotId) as
    { profile: string; settings: string } | undefined;
  let settings: Record<string, unknown> = {};
  try {
    settings = row ? (JSON.parse(row.settings) as Record<string, unknown>) : {};
  } catch {
    settings = {};
  }
  const firmware = settings.firmware ?? settings.firmwareVersion;
  info = {
    model: row?.profile ?? 'other',
    firmware:
      typeof firmware === 'string' || typeof firmware === 'number' ? String(firmware) : undefined,
    settings,
  };
  cache.set(robotId, info);
  return info;
}

export function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export type Tally = { queued: number; held: number };
export function tally(t: Tally, result: EnqueueResult): void {
  if (result === 'queued') t.queued++;
  else if (result === 'held') t.held++;
}
