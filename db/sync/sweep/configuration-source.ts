/** The robots table as a donation source: each robot's numeric configuration per joint. */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ProfileJointLimits } from '../../../native/domain';
import { cursor, setCursor } from '../cursors';
import { enqueueForDonation } from '../outbox';
import { stmt } from '../statements';
import { parseData, tally, type Tally } from './sweep-rows';

/** Robot profile id → its joints' limits (native/robots/robot-profile.ts profileJointLimits). */
export type SweepProfiles = ReadonlyMap<string, ProfileJointLimits>;

/** Each robot's numeric configuration, once per UTC day it is seen, and again when it changes. */
export function sweepRobotConfiguration(
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
