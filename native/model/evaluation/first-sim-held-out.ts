/**
 * The first (training) simulator's own held-out scenarios, put through the same harness for
 * comparison: the seeds its evaluation uses (disjoint from training), fewer of them, and its
 * ground truth translated to the harness's shape. Only the harness imports this.
 */
import { FAULT_CLASSES } from '../../domain/faults';
import { heldOutScenarios } from '../training/evaluation-run';
import {
  faultAlarmMs,
  runScenario,
  type ScenarioResult,
  type ScenarioSpec,
} from '../training/sim-scenarios';
import type { TelemetryRow } from '../telemetry';
import { rateBand, type ScoringTruth } from './ood-scoring';

export const FIRST_SIM_FAMILY = 'XM430-W350@12V (first simulator)';

export function firstSimHeldOut(
  perFault: number,
  normalRuns: number,
  normalHours: number,
): ScenarioSpec[] {
  return heldOutScenarios(perFault, normalRuns, normalHours);
}

export function runFirstSim(spec: ScenarioSpec): { rows: TelemetryRow[]; truth: ScoringTruth } {
  const result = runScenario(spec);
  return { rows: result.rows, truth: firstSimScoringTruth(result) };
}

export function firstSimScoringTruth(result: ScenarioResult): ScoringTruth {
  const spec = result.spec;
  const f = spec.fault;
  const joints = [...new Set(result.rows.map((r) => r.joint))];
  const cls = f ? FAULT_CLASSES.find((c) => c === f.name) : undefined;
  return {
    simulator: 'first',
    id: `first-sim-${f ? f.name : 'normal'}-${spec.sampleHz}hz-${spec.seed}`,
    family: FIRST_SIM_FAMILY,
    sampleHz: rateBand(spec.sampleHz),
    robot: spec.robot,
    joints,
    robotHours: spec.durationS / 3600,
    fault:
      f && cls
        ? {
            class: cls,
            variant: f.rampS > 0 ? 'ramp' : 'step',
            joint: f.joint,
            onsetMs: Math.round(f.onsetS * 1000),
            alarmMs: faultAlarmMs(result),
          }
        : null,
    timeToAlarm: null,
  };
}
