/**
 * Evaluation figures from per-scenario outcomes. The unit is a joint of a held-out scenario: its
 * truth is the fault injected on it (voltage sag: every joint of the robot) or normal; its
 * prediction is the fault of the first alert on it (bus-wide voltage alerts count for every joint
 * of the robot), or normal when nothing was raised. Lead time is measured on the faulted joint
 * (voltage sag: the first joint whose servo latches) from the first correct alert to the servo's
 * own hardware alarm; positive = before.
 */
import { CLASS_NAMES, type ClassName } from '../taxonomy';
import type { FaultClass } from '../../domain';

export interface UnitOutcome {
  truth: ClassName;
  predicted: ClassName;
}

export interface ScenarioOutcome {
  seed: number;
  fault: FaultClass | null;
  units: UnitOutcome[];
  /** Hardware alarm (ms) relevant to the injected fault, if it tripped. */
  alarmMs: number | null;
  /** First correct alert (ms) for the injected fault, if any. */
  detectedMs: number | null;
  /** Alerts on a healthy scenario (false alerts), and the fault each one named. */
  falseAlerts: number;
  falseAlertFaults: FaultClass[];
  robotHours: number;
  sampleHz: number;
}

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface LeadFigures {
  scenariosWithAlarm: number;
  detectedBeforeAlarm: number;
  fractionBeforeAlarm: number;
  medianLeadS: number | null;
}

export interface SystemFigures {
  perClass: Record<ClassName, ClassFigures>;
  macroF1: number;
  confusion: number[][];
  lead: Record<FaultClass, LeadFigures>;
  falseAlertsPerRobotHour: number;
  falseAlertsPer8hShift: number;
  /** False alerts on healthy scenarios, by the fault they named. */
  falseAlertsByFault: Partial<Record<FaultClass, number>>;
  normalRobotHours: number;
}

export function figures(outcomes: ScenarioOutcome[]): SystemFigures {
  const k = CLASS_NAMES.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const o of outcomes)
    for (const u of o.units) {
      const row = confusion[CLASS_NAMES.indexOf(u.truth)];
      if (row)
        row[CLASS_NAMES.indexOf(u.predicted)] = (row[CLASS_NAMES.indexOf(u.predicted)] ?? 0) + 1;
    }
  const perClass = {} as Record<ClassName, ClassFigures>;
  let f1Sum = 0;
  CLASS_NAMES.forEach((name, c) => {
    const tp = confusion[c]?.[c] ?? 0;
    const predicted = confusion.reduce((s, row) => s + (row[c] ?? 0), 0);
    const support = (confusion[c] ?? []).reduce((s, v) => s + v, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[name] = { precision: r3(precision), recall: r3(recall), f1: r3(f1), support };
    f1Sum += f1;
  });
  const lead = {} as Record<FaultClass, LeadFigures>;
  for (const name of CLASS_NAMES) {
    if (name === 'normal') continue;
    const withAlarm = outcomes.filter((o) => o.fault === name && o.alarmMs !== null);
    const leads = withAlarm
      .map((o) => (o.detectedMs === null ? -Infinity : ((o.alarmMs ?? 0) - o.detectedMs) / 1000))
      .sort((a, b) => a - b);
    const before = leads.filter((l) => l > 0).length;
    const mid = leads.length ? (leads[Math.floor((leads.length - 1) / 2)] ?? null) : null;
    lead[name] = {
      scenariosWithAlarm: withAlarm.length,
      detectedBeforeAlarm: before,
      fractionBeforeAlarm: withAlarm.length ? r3(before / withAlarm.length) : 0,
      medianLeadS: mid === null || !Number.isFinite(mid) ? (mid === null ? null : -999) : r3(mid),
    };
  }
  const normal = outcomes.filter((o) => o.fault === null);
  const hours = normal.reduce((s, o) => s + o.robotHours, 0);
  const fa = normal.reduce((s, o) => s + o.falseAlerts, 0);
  const falseAlertsByFault: Partial<Record<FaultClass, number>> = {};
  for (const o of normal)
    for (const f of o.falseAlertFaults) falseAlertsByFault[f] = (falseAlertsByFault[f] ?? 0) + 1;
  return {
    perClass,
    macroF1: r3(f1Sum / k),
    confusion,
    lead,
    falseAlertsPerRobotHour: hours ? r3(fa / hours) : 0,
    falseAlertsPer8hShift: hours ? r3((8 * fa) / hours) : 0,
    falseAlertsByFault,
    normalRobotHours: r3(hours),
  };
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
