/**
 * Scores a detector's alerts against the ground truth of held-out scenarios, the same way for
 * either simulator. Definitions (the report repeats them):
 * - a fault is found when an alert of its class is raised on its joint (voltage sag: on any joint,
 *   it is bus-wide) at or after the onset; "first call right" when the first alert on that joint
 *   after the onset names the right class;
 * - for a fault whose servo trips its own alarm, it is flagged before the alarm when that first
 *   correct alert comes strictly before the trip, and its lead is trip − alert (negative = late;
 *   a fault never found has no lead and counts as late in the median);
 * - false alerts are every alert on normal operation, counted per 8 robot-hours, by the class they
 *   named, by sample rate and by servo family; alerts in fault scenarios that are neither on the
 *   faulted joint after the onset nor the bus-wide sag are reported apart, as collateral.
 */
import { FAULT_CLASSES, type FaultClass } from '../../domain/faults';

export interface TimeToAlarmPoint {
  tMs: number;
  remainingS: number;
}

export interface ScoringTruth {
  simulator: 'second' | 'first';
  id: string;
  family: string;
  sampleHz: number;
  robot: string;
  joints: string[];
  robotHours: number;
  fault: {
    class: FaultClass;
    variant: string;
    /** `bus` (or any joint) for voltage sag. */
    joint: string;
    onsetMs: number;
    alarmMs: number | null;
  } | null;
  timeToAlarm: {
    joint: string;
    basis: 'overheating' | 'input_voltage';
    /** The rating the servo protects itself at (°C or V). */
    limit: number;
    points: TimeToAlarmPoint[];
  } | null;
}

export interface ScoredAlert {
  joint: string;
  fault: FaultClass;
  tMs: number;
  byHardware: boolean;
}

export interface ScenarioScore {
  id: string;
  simulator: ScoringTruth['simulator'];
  family: string;
  sampleHz: number;
  robotHours: number;
  fault: FaultClass | null;
  variant: string | null;
  found: boolean;
  firstCallRight: boolean;
  /** What the faulted joint's first alert after the onset named (null: nothing). */
  firstCall: FaultClass | null;
  detectedMs: number | null;
  alarmMs: number | null;
  beforeAlarm: boolean | null;
  leadS: number | null;
  falseAlerts: FaultClass[];
  /** Normal operation: where and when each false alert was raised. */
  falseAlertDetail: { joint: string; fault: FaultClass; tMs: number }[];
  collateralAlerts: number;
}

export function scoreScenario(truth: ScoringTruth, alerts: readonly ScoredAlert[]): ScenarioScore {
  const sorted = [...alerts].sort((a, b) => a.tMs - b.tMs);
  const base = {
    id: truth.id,
    simulator: truth.simulator,
    family: truth.family,
    sampleHz: truth.sampleHz,
    robotHours: truth.robotHours,
  };
  const f = truth.fault;
  if (!f)
    return {
      ...base,
      fault: null,
      variant: null,
      found: false,
      firstCallRight: false,
      firstCall: null,
      detectedMs: null,
      alarmMs: null,
      beforeAlarm: null,
      leadS: null,
      falseAlerts: sorted.map((a) => a.fault),
      falseAlertDetail: sorted.map((a) => ({ joint: a.joint, fault: a.fault, tMs: a.tMs })),
      collateralAlerts: 0,
    };
  const busWide = f.class === 'voltage_sag';
  const onFaulted = (a: ScoredAlert) =>
    a.tMs >= f.onsetMs && (a.joint === f.joint || (busWide && a.fault === 'voltage_sag'));
  const hit = sorted.find((a) => onFaulted(a) && a.fault === f.class) ?? null;
  const first = sorted.find((a) => a.tMs >= f.onsetMs && (busWide || a.joint === f.joint)) ?? null;
  const firstCall = busWide
    ? hit
      ? 'voltage_sag'
      : (first?.fault ?? null)
    : (first?.fault ?? null);
  const detectedMs = hit ? hit.tMs : null;
  let beforeAlarm: boolean | null = null;
  let leadS: number | null = null;
  if (f.alarmMs !== null) {
    beforeAlarm = detectedMs !== null && detectedMs < f.alarmMs && !(hit?.byHardware ?? false);
    leadS = detectedMs === null ? null : (f.alarmMs - detectedMs) / 1000;
  }
  return {
    ...base,
    fault: f.class,
    variant: f.variant,
    found: hit !== null,
    firstCallRight: firstCall === f.class,
    firstCall,
    detectedMs,
    alarmMs: f.alarmMs,
    beforeAlarm,
    leadS,
    falseAlerts: [],
    falseAlertDetail: [],
    collateralAlerts: sorted.filter(
      (a) => !onFaulted(a) && !(a.tMs >= f.onsetMs && a.joint === f.joint),
    ).length,
  };
}

export interface GroupFigures {
  faultScenarios: number;
  found: number;
  foundFraction: number;
  firstCallRight: number;
  withAlarm: number;
  beforeAlarm: number;
  beforeAlarmFraction: number | null;
  /** Median lead over the alarm-tripping faults; missed ones count as late. Null: none tripped. */
  medianLeadS: number | null;
  /** True when more than half of them were missed or late (the median lead is not positive). */
  medianIsMissedOrLate: boolean;
}

export interface FalseAlertFigures {
  robotHours: number;
  alerts: number;
  per8RobotHours: number;
  byClass: Partial<Record<FaultClass, number>>;
}

export function groupFigures(scores: readonly ScenarioScore[]): GroupFigures {
  const faults = scores.filter((s) => s.fault !== null);
  const withAlarm = faults.filter((s) => s.alarmMs !== null);
  const before = withAlarm.filter((s) => s.beforeAlarm).length;
  const leads = withAlarm
    .map((s) => (s.leadS === null ? -Infinity : s.leadS))
    .sort((a, b) => a - b);
  const median = leads.length ? (leads[Math.floor((leads.length - 1) / 2)] ?? null) : null;
  const found = faults.filter((s) => s.found).length;
  return {
    faultScenarios: faults.length,
    found,
    foundFraction: faults.length ? r3(found / faults.length) : 0,
    firstCallRight: faults.filter((s) => s.firstCallRight).length,
    withAlarm: withAlarm.length,
    beforeAlarm: before,
    beforeAlarmFraction: withAlarm.length ? r3(before / withAlarm.length) : null,
    medianLeadS: median === null ? null : Number.isFinite(median) ? r3(median) : null,
    medianIsMissedOrLate: median !== null && !(median > 0),
  };
}

export function falseAlertFigures(scores: readonly ScenarioScore[]): FalseAlertFigures {
  const normal = scores.filter((s) => s.fault === null);
  const hours = normal.reduce((sum, s) => sum + s.robotHours, 0);
  const byClass: Partial<Record<FaultClass, number>> = {};
  let alerts = 0;
  for (const s of normal)
    for (const c of s.falseAlerts) {
      byClass[c] = (byClass[c] ?? 0) + 1;
      alerts++;
    }
  return {
    robotHours: r3(hours),
    alerts,
    per8RobotHours: hours > 0 ? r3((8 * alerts) / hours) : 0,
    byClass,
  };
}

export interface SimulatorFigures {
  simulator: ScoringTruth['simulator'];
  scenarios: number;
  overall: GroupFigures;
  falseAlerts: FalseAlertFigures;
  collateralAlerts: number;
  perClass: Record<FaultClass, GroupFigures>;
  perFamily: Record<string, GroupFigures & { falseAlerts: FalseAlertFigures }>;
  perRate: Record<string, GroupFigures & { falseAlerts: FalseAlertFigures }>;
  /** Found / total, class × family. */
  classByFamily: Record<FaultClass, Record<string, { found: number; total: number }>>;
  /** Faulted joint's first call after the onset, per true class (`nothing` = no alert). */
  firstCalls: Record<FaultClass, Record<string, number>>;
}

export function simulatorFigures(
  simulator: ScoringTruth['simulator'],
  scores: readonly ScenarioScore[],
): SimulatorFigures {
  const by = <K extends string>(key: (s: ScenarioScore) => K) => {
    const groups = new Map<K, ScenarioScore[]>();
    for (const s of scores) {
      const k = key(s);
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    return groups;
  };
  const withFalse = (group: ScenarioScore[]) => ({
    ...groupFigures(group),
    falseAlerts: falseAlertFigures(group),
  });
  const perClass = {} as Record<FaultClass, GroupFigures>;
  const classByFamily = {} as SimulatorFigures['classByFamily'];
  const firstCalls = {} as SimulatorFigures['firstCalls'];
  const families = [...new Set(scores.map((s) => s.family))].sort();
  for (const c of FAULT_CLASSES) {
    const of = scores.filter((s) => s.fault === c);
    perClass[c] = groupFigures(of);
    classByFamily[c] = Object.fromEntries(
      families.map((fam) => {
        const cell = of.filter((s) => s.family === fam);
        return [fam, { found: cell.filter((s) => s.found).length, total: cell.length }];
      }),
    );
    const calls: Record<string, number> = {};
    for (const s of of)
      calls[s.firstCall ?? 'nothing'] = (calls[s.firstCall ?? 'nothing'] ?? 0) + 1;
    firstCalls[c] = calls;
  }
  const perFamily = Object.fromEntries(
    [...by((s) => s.family)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, g]) => [k, withFalse(g)]),
  );
  const perRate = Object.fromEntries(
    [...by((s) => String(s.sampleHz))]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([k, g]) => [k, withFalse(g)]),
  );
  return {
    simulator,
    scenarios: scores.length,
    overall: groupFigures(scores),
    falseAlerts: falseAlertFigures(scores),
    collateralAlerts: scores.reduce((sum, s) => sum + s.collateralAlerts, 0),
    perClass,
    perFamily,
    perRate,
    classByFamily,
    firstCalls,
  };
}

/** The nearest of 10, 25, 50 and 100 Hz (in ratio): how the figures are grouped by rate. */
export const RATE_BANDS_HZ = [10, 25, 50, 100] as const;
export function rateBand(hz: number): number {
  let best: number = RATE_BANDS_HZ[0];
  for (const b of RATE_BANDS_HZ)
    if (Math.abs(Math.log(hz / b)) < Math.abs(Math.log(hz / best))) best = b;
  return best;
}

export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
