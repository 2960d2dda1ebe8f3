/** One held-out scenario through the model (via its pack) and through the rule baseline. */
import { diagnoseRows, type Classifier } from '../detector';
import type { FaultClass } from '../../domain';
import { baselineAlerts } from './baseline';
import type { ScenarioOutcome, UnitOutcome } from './metrics';
import { faultAlarmMs, runScenario, type ScenarioResult, type ScenarioSpec } from './sim-scenarios';

interface SimpleAlert {
  joint: string;
  fault: FaultClass;
  tMs: number;
}

export function outcomeOf(result: ScenarioResult, alerts: SimpleAlert[]): ScenarioOutcome {
  const spec = result.spec;
  const f = spec.fault;
  const joints = [...new Set(result.rows.map((r) => r.joint))];
  const sorted = [...alerts].sort((a, b) => a.tMs - b.tMs);
  const busAlert = sorted.find((a) => a.fault === 'voltage_sag');
  const units: UnitOutcome[] = joints.map((joint) => {
    const first = sorted.find((a) => a.joint === joint || a.fault === 'voltage_sag');
    const truth = f && (f.name === 'voltage_sag' || f.joint === joint) ? f.name : 'normal';
    return { truth, predicted: first ? first.fault : 'normal' };
  });
  let detectedMs: number | null = null;
  if (f) {
    const hit =
      f.name === 'voltage_sag'
        ? busAlert
        : sorted.find((a) => a.joint === f.joint && a.fault === f.name);
    detectedMs = hit ? hit.tMs : null;
  }
  return {
    seed: spec.seed,
    fault: f ? f.name : null,
    units,
    alarmMs: faultAlarmMs(result),
    detectedMs,
    falseAlerts: f ? 0 : alerts.length,
    falseAlertFaults: f ? [] : alerts.map((a) => a.fault),
    robotHours: spec.durationS / 3600,
    sampleHz: spec.sampleHz,
  };
}

export async function evaluateScenario(
  spec: ScenarioSpec,
  classify: Classifier,
): Promise<{ model: ScenarioOutcome; baseline: ScenarioOutcome }> {
  const result = runScenario(spec);
  const alerts = await diagnoseRows(result.rows, classify);
  const model = outcomeOf(
    result,
    alerts.map((a) => ({ joint: a.joint, fault: a.fault, tMs: a.raisedMs })),
  );
  const baseline = outcomeOf(result, baselineAlerts(result.rows));
  return { model, baseline };
}
