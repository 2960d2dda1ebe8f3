/** Finished hours of the telemetry store's per-minute rollups as a donation source. */
import type { Database } from 'better-sqlite3';
import { CHANNELS } from '../../telemetry/channels';
import { decodeBlock, HOUR, MINUTE, type RollupEntry } from '../../telemetry/rollups';
import type { TelemetryRollupInput } from '../anonymizer';
import { cursor, setCursor } from '../cursors';
import { enqueueManyForDonation } from '../outbox';
import { stmt } from '../statements';
import { hasTable, robotInfo, type RobotInfo, type Tally } from './sweep-rows';

/** An hour's rollup block is complete once the hour is over and the store has flushed. */
const ROLLUP_SETTLE_MS = 2 * MINUTE;

/** The largest magnitude a channel reached in a rollup entry, whichever its sign. */
const absMax = (e: RollupEntry, c: number): number =>
  Math.max(Math.abs(e.min[c]!), Math.abs(e.max[c]!));

/** Finished hours of per-minute rollup blocks → one telemetry rollup per joint and hour. */
export function sweepTelemetryRollups(
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
          agg.curMax = Math.max(agg.curMax, absMax(e, C('current_a')));
          agg.voltMin = Math.min(agg.voltMin, e.min[C('voltage_v')]!);
          agg.voltSum += e.sum[C('voltage_v')]!;
          agg.velMax = Math.max(agg.velMax, absMax(e, C('velocity_rad_s')));
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
