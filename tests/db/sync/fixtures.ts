/** Seeds for the sync tests: records that pass k-anonymity, with identifying junk attached. */
import type { Database } from 'better-sqlite3';
import { enqueueForDonation } from '../../../db/sync/outbox';

export const T0 = Date.UTC(2026, 10, 23, 10, 17, 42);

/** Fills the outbox with `n` records over several categories; returns how many were queued or held. */
export function fillOutbox(db: Database, n: number, nowMs = T0): { queued: number; held: number } {
  let queued = 0;
  let held = 0;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const robotId = `robot-${i % 3}`;
      const pick = i % 10;
      const result =
        pick < 7
          ? enqueueForDonation(
              db,
              'telemetry-rollups',
              {
                robotId,
                model: 'openmanipulator-x',
                firmware: 46,
                joint: `joint${(i % 4) + 1}`,
                tMs: nowMs - (i % 5) * 3_600_000,
                samples: 36_000 + (i % 100),
                temperatureMeanC: 35 + (i % 17) * 0.37,
                temperatureMaxC: 45 + (i % 7),
                currentMeanA: 0.1 + (i % 13) * 0.011,
                currentMaxA: 0.8 + (i % 5) * 0.1,
                voltageMinV: 11.5,
                voltageMeanV: 12 - (i % 3) * 0.1,
                velocityAbsMaxRadS: 1 + (i % 9) * 0.1,
                positionMinRad: -1 - (i % 11) * 0.01,
                positionMaxRad: 1 + (i % 11) * 0.01,
                hwErrorBits: i % 50 === 0 ? 4 : 0,
              },
              nowMs,
            )
          : pick < 9
            ? enqueueForDonation(
                db,
                'fault-episodes',
                {
                  robotId,
                  model: 'openmanipulator-x',
                  firmware: 46,
                  joint: 'joint2',
                  fault: 'overheating',
                  severity: 'error',
                  startMs: nowMs,
                  endMs: nowMs + 65_000,
                  peakTemperatureC: 71.4,
                },
                nowMs,
              )
            : enqueueForDonation(
                db,
                'task-outcomes',
                {
                  robotId,
                  model: 'openmanipulator-x',
                  firmware: 46,
                  startMs: nowMs - 30_000,
                  endMs: nowMs,
                  outcome: 'succeeded',
                  steps: 12,
                },
                nowMs,
              );
      if (result === 'queued') queued++;
      else if (result === 'held') held++;
    }
  })();
  return { queued, held };
}

/** A telemetry rollup for `robotId` at T0, carrying identifying fields the dictionary must drop. */
export function rollup(robotId: string, i: number) {
  return {
    robotId,
    model: 'openmanipulator-x',
    firmware: 46,
    joint: `joint${(i % 4) + 1}`,
    tMs: T0,
    samples: 36_000,
    temperatureMeanC: 41.234,
    temperatureMaxC: 47,
    currentMeanA: 0.1234,
    currentMaxA: 0.9,
    voltageMinV: 11.6,
    voltageMeanV: 12.01,
    velocityAbsMaxRadS: 1.5,
    positionMinRad: -1.2,
    positionMaxRad: 1.3,
    hwErrorBits: 0,
    // Identifying junk a careless caller might pass along: never copied.
    name: 'Hanako-san arm',
    serialNumber: 'FT4ABCD9',
    note: 'Resident Tanaka needed help',
  };
}

export function ridOf(line: string): string {
  return (JSON.parse(line) as { rid: string }).rid;
}
