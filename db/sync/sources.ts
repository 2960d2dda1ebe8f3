/**
 * The periodic sweep: anonymizes new local data from tables whose writers do not call
 * `enqueueForDonation` themselves — finished hours of telemetry rollups, fault/alert events
 * (fault episodes), task events with an outcome, and the robots' configuration. Each chunk of
 * source rows, its outbox rows and the advanced cursor commit in one transaction, so a crash
 * neither loses nor repeats a record. Only consented categories are read; a category's cursor
 * stays where it is while consent is off, so switching it on donates its history too (the
 * admin sees it in the preview first).
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { decodeBlock, HOUR, MINUTE } from '../telemetry/rollups';
import { CHANNELS } from '../telemetry/channels';
import type { ProfileJointLimits } from '../../native/domain';
import type { TelemetryRollupInput } from './anonymizer';
import type { DonationCategory } from './categories';
import { isConsented } from './consent';
import { closeExpiredPeriods, scrubClosedKeys } from './donation-periods';
import {
  enqueueForDonation,
  enqueueManyForDonation,
  pruneSentPayloads,
  withholdExpired,
  type EnqueueResult,
} from './outbox';
import { stmt } from './statements';

const CHUNK = 2000;

/** Robot profile id → its joints' limits (native/robots/robot-profile.ts profileJointLimits). */
export type SweepProfiles = ReadonlyMap<string, ProfileJointLimits>;
/** An hour's rollup block is complete once the hour is over and the store has flushed. */
const ROLLUP_SETTLE_MS = 2 * MINUTE;

export interface SweepResult {
  read: Partial<Record<DonationCategory, number>>;
  queued: number;
  held: number;
  withheld: number;
  periodsClosed: number;
  /** Records whose text was dropped from the outbox, sent long enough ago (retention). */
  pruned: number;
}

function cursor(db: Database, source: string): string | null {
  const row = stmt(db, 'SELECT position FROM sync_cursors WHERE source = ?').get(source) as
    { position: string } | undefined;
  return row?.position ?? null;
}

function setCursor(db: Database, source: string, position: string): void {
  stmt(
    db,
    `INSERT INTO sync_cursors (source, position) VALUES (?, ?)
     ON CONFLICT (source) DO UPDATE SET position = excluded.position`,
  ).run(source, position);
}

function hasTable(db: Database, name: string): boolean {
  return !!stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

type RobotInfo = { model: string; firmware: string | undefined; settings: Record<string, unknown> };

function robotInfo(db: Database, robotId: string, cache: Map<string, RobotInfo>): RobotInfo {
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

function parseData(data: string | null): Record<string, unknown> {
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

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

type Tally = { queued: number; held: number };
function tally(t: Tally, result: EnqueueResult): void {
  if (result === 'queued') t.queued++;
  else if (result === 'held') t.held++;
}

/** Fault and alert events → fault episodes. */
function sweepFaultEvents(
  db: Database,
  nowMs: number,
  t: Tally,
  robots: Map<string, RobotInfo>,
): number {
  const source = 'events:fault-episodes';
  let read = 0;
  for (;;) {
    const after = Number(cursor(db, source) ?? 0);
    const rows = stmt(
      db,
      `SELECT id, t_ms, robot_id, severity, data FROM events
       WHERE id > ? AND kind IN ('fault', 'alert') ORDER BY id LIMIT ?`,
    ).all(after, CHUNK) as Array<{
      id: number;
      t_ms: number;
      robot_id: string | null;
      severity: string;
      data: string | null;
    }>;
    if (rows.length === 0) return read;
    db.transaction(() => {
      for (const row of rows) {
        if (!row.robot_id || row.severity === 'debug' || row.severity === 'info') continue;
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
      }
      setCursor(db, source, String(rows.at(-1)!.id));
    }).immediate();
    read += rows.length;
  }
}

/** Task events that carry an outcome → task outcomes. */
function sweepTaskEvents(
  db: Database,
  nowMs: number,
  t: Tally,
  robots: Map<string, RobotInfo>,
): number {
  const source = 'events:task-outcomes';
  let read = 0;
  for (;;) {
    const after = Number(cursor(db, source) ?? 0);
    const rows = stmt(
      db,
      `SELECT id, t_ms, robot_id, data FROM events WHERE id > ? AND kind = 'task' ORDER BY id LIMIT ?`,
    ).all(after, CHUNK) as Array<{
      id: number;
      t_ms: number;
      robot_id: string | null;
      data: string | null;
    }>;
    if (rows.length === 0) return read;
    db.transaction(() => {
      for (const row of rows) {
        const data = parseData(row.data);
        const outcome = str(data.outcome) ?? str(data.result);
        if (!row.robot_id || !outcome) continue;
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
      }
      setCursor(db, source, String(rows.at(-1)!.id));
    }).immediate();
    read += rows.length;
  }
}

/** Finished hours of per-minute rollup blocks → one telemetry rollup per joint and hour. */
function sweepTelemetryRollups(
  db: Database,
  nowMs: number,
  t: Tally,
  robots: Map<string, RobotInfo>,
): number {
  if (!hasTable(db, 'telemetry_rollups')) return 0;
  const source = 'telemetry_rollups:hours';
  const C = (name: (typeof CHANNELS)[number]) => CHANNELS.indexOf(name);
  let read = 0;
  for (;;) {
    const nextHour = Number(cursor(db, source) ?? -Number.MAX_SAFE_INTEGER);
    const hour = stmt(
      db,
      `SELECT min(t0_ms) AS t0 FROM telemetry_rollups WHERE level = ? AND t0_ms >= ? AND t0_ms + ? <= ?`,
    ).get(MINUTE, nextHour, HOUR + ROLLUP_SETTLE_MS, nowMs) as { t0: number | null };
    if (hour.t0 === null) return read;
    const t0 = hour.t0;
    const blocks = stmt(
      db,
      `SELECT s.robot_id, s.joint, r.data FROM telemetry_rollups r JOIN telemetry_series s ON s.id = r.series_id
       WHERE r.level = ? AND r.t0_ms = ? ORDER BY r.series_id`,
    ).all(MINUTE, t0) as Array<{ robot_id: string; joint: string; data: Buffer }>;
    db.transaction(() => {
      // One hour of every joint, anonymized and counted for k-anonymity together.
      const rollups: TelemetryRollupInput[] = [];
      for (const block of blocks) {
        const entries = decodeBlock(MINUTE, t0, block.data);
        let n = 0;
        const agg = {
          tempSum: 0,
          tempMax: -Infinity,
          curSum: 0,
          curMax: 0,
          voltMin: Infinity,
          voltSum: 0,
          velMax: 0,
          posMin: Infinity,
          posMax: -Infinity,
          hw: 0,
        };
        for (const e of entries) {
          if (e.n <= 0) continue;
          n += e.n;
          agg.tempSum += e.sum[C('temperature_c')]!;
          agg.tempMax = Math.max(agg.tempMax, e.max[C('temperature_c')]!);
          agg.curSum += e.sum[C('current_a')]!;
          agg.curMax = Math.max(
            agg.curMax,
            Math.abs(e.min[C('current_a')]!),
            Math.abs(e.max[C('current_a')]!),
          );
          agg.voltMin = Math.min(agg.voltMin, e.min[C('voltage_v')]!);
          agg.voltSum += e.sum[C('voltage_v')]!;
          agg.velMax = Math.max(
            agg.velMax,
            Math.abs(e.min[C('velocity_rad_s')]!),
            Math.abs(e.max[C('velocity_rad_s')]!),
          );
          agg.posMin = Math.min(agg.posMin, e.min[C('position_rad')]!);
          agg.posMax = Math.max(agg.posMax, e.max[C('position_rad')]!);
          const h = C('hw_error');
          agg.hw |= (e.min[h]! | e.max[h]! | e.last[h]!) & 0xff;
        }
        if (n === 0) continue;
        const info = robotInfo(db, block.robot_id, robots);
        rollups.push({
          robotId: block.robot_id,
          model: info.model,
          firmware: info.firmware ?? null,
          joint: block.joint,
          tMs: t0,
          samples: n,
          temperatureMeanC: agg.tempSum / n,
          temperatureMaxC: agg.tempMax,
          currentMeanA: agg.curSum / n,
          currentMaxA: agg.curMax,
          voltageMinV: agg.voltMin,
          voltageMeanV: agg.voltSum / n,
          velocityAbsMaxRadS: agg.velMax,
          positionMinRad: agg.posMin,
          positionMaxRad: agg.posMax,
          hwErrorBits: agg.hw,
        });
      }
      const counted = enqueueManyForDonation(db, 'telemetry-rollups', rollups, nowMs);
      t.queued += counted.queued;
      t.held += counted.held;
      setCursor(db, source, String(t0 + HOUR));
    }).immediate();
    read += blocks.length;
  }
}

/** Each robot's numeric configuration, once per UTC day it is seen, and again when it changes. */
function sweepRobotConfiguration(
  db: Database,
  nowMs: number,
  t: Tally,
  profiles: SweepProfiles,
): number {
  const rows = stmt(
    db,
    'SELECT id, profile, settings, created_ms, last_seen_ms FROM robots ORDER BY id',
  ).all() as Array<{
    id: string;
    profile: string;
    settings: string;
    created_ms: number;
    last_seen_ms: number | null;
  }>;
  let read = 0;
  db.transaction(() => {
    for (const row of rows) {
      const seenMs = row.last_seen_ms ?? row.created_ms;
      const day = Math.floor(seenMs / 86_400_000);
      const position = `${day}:${createHash('sha256').update(row.settings).update(row.profile).digest('hex').slice(0, 16)}`;
      const source = `robots:configuration:${createHash('sha256').update(row.id).digest('hex').slice(0, 16)}`;
      if (cursor(db, source) === position) continue;
      read++;
      const settings = parseData(row.settings);
      const firmware = settings.firmware ?? settings.firmwareVersion;
      // One record per joint role: the profile's limits, overridden by the robot's own settings.
      const overrides =
        settings.joints && typeof settings.joints === 'object' && !Array.isArray(settings.joints)
          ? (settings.joints as Record<string, Record<string, unknown>>)
          : {};
      const profile = profiles.get(row.profile);
      const joints: Array<[string, Record<string, unknown>]> = profile
        ? profile.kind === 'arm'
          ? profile.joints.map((j) => [
              j.name,
              { maxVelocityRadS: j.maxVelocityRadS, ...(overrides[j.name] ?? {}) },
            ])
          : [['gripper', { ...(overrides.gripper ?? {}) }]]
        : Object.entries(overrides);
      for (const [joint, jointSettings] of joints) {
        tally(
          t,
          enqueueForDonation(
            db,
            'robot-configuration',
            {
              robotId: row.id,
              model: row.profile,
              firmware:
                typeof firmware === 'string' || typeof firmware === 'number' ? firmware : null,
              joint,
              tMs: seenMs,
              settings: jointSettings && typeof jointSettings === 'object' ? jointSettings : {},
            },
            nowMs,
          ),
        );
      }
      setCursor(db, source, position);
    }
  }).immediate();
  return read;
}

/** One sweep over every source of every consented category, then period and hold housekeeping. */
export function sweepSources(db: Database, nowMs: number, profiles: SweepProfiles): SweepResult {
  const t: Tally = { queued: 0, held: 0 };
  const robots = new Map<string, RobotInfo>();
  const read: SweepResult['read'] = {};
  const periodsClosed = db.transaction(() => closeExpiredPeriods(db, nowMs)).immediate();
  if (periodsClosed) scrubClosedKeys(db);
  if (isConsented(db, 'fault-episodes'))
    read['fault-episodes'] = sweepFaultEvents(db, nowMs, t, robots);
  if (isConsented(db, 'task-outcomes'))
    read['task-outcomes'] = sweepTaskEvents(db, nowMs, t, robots);
  if (isConsented(db, 'telemetry-rollups'))
    read['telemetry-rollups'] = sweepTelemetryRollups(db, nowMs, t, robots);
  if (isConsented(db, 'robot-configuration'))
    read['robot-configuration'] = sweepRobotConfiguration(db, nowMs, t, profiles);
  const withheld = db.transaction(() => withholdExpired(db, nowMs)).immediate();
  const pruned = pruneSentPayloads(db, nowMs);
  return { read, queued: t.queued, held: t.held, withheld, periodsClosed, pruned };
}
