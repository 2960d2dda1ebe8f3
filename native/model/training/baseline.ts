/**
 * The rule baseline the model is compared with: what a careful integrator would configure without
 * a model. Per joint: the servo's own Hardware Error bits; temperature ≥ 70 °C (10 °C under the
 * servo's limit); |current| ≥ 1.8 A held for 1 s; bus voltage ≤ 10.0 V (0.5 V above the servo's
 * minimum). One alert per joint and fault (voltage per robot), raised at the first sample that
 * trips the rule.
 */
import type { FaultClass } from '../../domain';
import { HW_BIT, type TelemetryRow } from '../telemetry';

export const BASELINE_RULES = {
  temperatureC: 70,
  currentA: 1.8,
  currentHoldMs: 1000,
  voltageV: 10.0,
} as const;

export interface BaselineAlert {
  robot: string;
  joint: string;
  fault: FaultClass;
  tMs: number;
}

export function baselineAlerts(rows: TelemetryRow[]): BaselineAlert[] {
  const out: BaselineAlert[] = [];
  const seen = new Set<string>();
  const highSince = new Map<string, number>();
  const raise = (row: TelemetryRow, fault: FaultClass, robotWide = false) => {
    const key = robotWide ? `${row.robot}|*|${fault}` : `${row.robot}|${row.joint}|${fault}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ robot: row.robot, joint: row.joint, fault, tMs: row.tMs });
  };
  for (const row of [...rows].sort((a, b) => a.tMs - b.tMs)) {
    const hw = row.hwError;
    if (hw & HW_BIT.overheating) raise(row, 'overheating');
    if (hw & HW_BIT.overload) raise(row, 'overload');
    if (hw & HW_BIT.motorEncoder) raise(row, 'encoder_fault');
    if (hw & HW_BIT.inputVoltage) raise(row, 'voltage_sag', true);
    if (row.temperatureC >= BASELINE_RULES.temperatureC) raise(row, 'overheating');
    if (row.voltageV <= BASELINE_RULES.voltageV) raise(row, 'voltage_sag', true);
    const key = `${row.robot}|${row.joint}`;
    if (Math.abs(row.currentA) >= BASELINE_RULES.currentA) {
      const since = highSince.get(key) ?? row.tMs;
      highSince.set(key, since);
      if (row.tMs - since >= BASELINE_RULES.currentHoldMs) raise(row, 'overload');
    } else highSince.delete(key);
  }
  return out;
}
