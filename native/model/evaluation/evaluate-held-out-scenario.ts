/**
 * One held-out scenario through the same path as `genba diagnose --input`: simulate, write the
 * Telemetry CSV text, parse it back with the CLI's parser, run `diagnoseRows` with the pack's
 * classifier, and score the alerts against the ground truth. The CSV's sha256 fingerprints the set.
 */
import { createHash } from 'node:crypto';
import type { Classifier } from '../detector';
import { diagnoseRows } from '../detector';
import { formatTelemetryCsv, parseTelemetryCsv } from '../telemetry-csv';
import type { ScenarioSpec as FirstSimSpec } from '../training/sim-scenarios';
import { runFirstSim } from './first-sim-held-out';
import {
  scoreScenario,
  type ScenarioScore,
  type ScoredAlert,
  type ScoringTruth,
} from './ood-scoring';
import type { ScenarioSpec } from './second-sim/scenario';
import { runSecondSimScenario } from './second-sim/robot-sim';
import { secondSimScoringTruth } from './second-sim-truth';
import { naiveTimeToAlarm, type TimeToAlarmEstimate } from './time-to-alarm';

export type HeldOutJob =
  { simulator: 'second'; spec: ScenarioSpec } | { simulator: 'first'; spec: FirstSimSpec };

export interface HeldOutResult {
  truth: ScoringTruth;
  alerts: ScoredAlert[];
  score: ScenarioScore;
  csvSha256: string;
  rows: number;
  /** The naive reference's time-to-alarm estimates (thermal faults and trending sag only). */
  referenceTimeToAlarm: TimeToAlarmEstimate[] | null;
  seconds: { simulate: number; csv: number; diagnose: number };
}

export async function evaluateHeldOutScenario(
  job: HeldOutJob,
  classify: Classifier,
): Promise<HeldOutResult> {
  const t0 = performance.now();
  const { rows, truth } =
    job.simulator === 'second'
      ? (() => {
          const r = runSecondSimScenario(job.spec);
          return { rows: r.rows, truth: secondSimScoringTruth(r.truth) };
        })()
      : runFirstSim(job.spec);
  const t1 = performance.now();
  const csv = formatTelemetryCsv(rows);
  const csvSha256 = createHash('sha256').update(csv).digest('hex');
  const parsed = parseTelemetryCsv(csv, `${truth.id}.csv`);
  const t2 = performance.now();
  const alerts: ScoredAlert[] = (await diagnoseRows(parsed, classify)).map((a) => ({
    joint: a.joint,
    fault: a.fault,
    tMs: a.raisedMs,
    byHardware: a.byHardware,
  }));
  const t3 = performance.now();
  return {
    truth,
    alerts,
    score: scoreScenario(truth, alerts),
    csvSha256,
    rows: parsed.length,
    referenceTimeToAlarm: truth.timeToAlarm ? naiveTimeToAlarm(parsed, truth.timeToAlarm) : null,
    seconds: {
      simulate: (t1 - t0) / 1000,
      csv: (t2 - t1) / 1000,
      diagnose: (t3 - t2) / 1000,
    },
  };
}
