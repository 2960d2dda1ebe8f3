/**
 * The periodic sweep: anonymizes new local data from tables whose writers do not call
 * `enqueueForDonation` themselves — finished hours of telemetry rollups, fault/alert events
 * (fault episodes), task events with an outcome, and the robots' configuration. Each chunk of
 * source rows, its outbox rows and the advanced cursor commit in one transaction, so a crash
 * neither loses nor repeats a record. Only consented categories are read; a category's cursor
 * stays where it is while consent is off, so switching it on donates its history too (the
 * admin sees it in the preview first).
 */
import type { Database } from 'better-sqlite3';
import type { DonationCategory } from './categories';
import { isConsented } from './consent';
import { closeExpiredPeriods, scrubClosedKeys } from './donation-periods';
import { pruneSentPayloads, withholdExpired } from './outbox';
import { sweepRobotConfiguration, type SweepProfiles } from './sweep/configuration-source';
import { sweepFaultEvents, sweepTaskEvents } from './sweep/event-sources';
import type { RobotInfo, Tally } from './sweep/sweep-rows';
import { sweepTelemetryRollups } from './sweep/telemetry-source';

export type { SweepProfiles } from './sweep/configuration-source';

export interface SweepResult {
  read: Partial<Record<DonationCategory, number>>;
  queued: number;
  held: number;
  withheld: number;
  periodsClosed: number;
  /** Records whose text was dropped from the outbox, sent long enough ago (retention). */
  pruned: number;
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
