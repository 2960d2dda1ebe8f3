import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../../native/model/training/evaluation-run';
import { FAULT_CLASSES } from '../../../../native/domain';

const dir = join(import.meta.dirname, '../../../../assets/models/diagnostics-default');
const report = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as EvaluationReport;

describe('committed diagnostics evaluation report', () => {
  it('was produced for the committed pack', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(report.pack).toEqual({ name: manifest.name, version: manifest.version });
  });

  it('reaches macro-F1 ≥ 0.90 on held-out scenarios', () => {
    expect(report.model.macroF1).toBeGreaterThanOrEqual(0.9);
  });

  it.each(FAULT_CLASSES)('beats the rule baseline on %s', (fault) => {
    expect(report.model.perClass[fault].f1).toBeGreaterThan(report.baseline.perClass[fault].f1);
  });

  it('includes faults too mild to trip the servo’s own alarm, where thresholds see little', () => {
    // Not every held-out overload or sag trips the servo: otherwise the comparison would only
    // cover the faults a threshold on the alarm's own quantity is bound to catch.
    for (const fault of ['overload', 'voltage_sag'] as const)
      expect(report.model.lead[fault].scenariosWithAlarm).toBeLessThan(report.scenarios.perFault);
  });

  it('flags overheating a median ≥ 60 s before the hardware alarm', () => {
    expect(report.model.lead.overheating.scenariosWithAlarm).toBeGreaterThan(0);
    expect(report.model.lead.overheating.medianLeadS ?? -1).toBeGreaterThanOrEqual(60);
  });

  it('flags overload and voltage sag before the alarm in ≥ 90 % of scenarios', () => {
    for (const fault of ['overload', 'voltage_sag'] as const) {
      expect(report.model.lead[fault].scenariosWithAlarm).toBeGreaterThan(0);
      expect(report.model.lead[fault].fractionBeforeAlarm).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('raises ≤ 1 false alert per robot per 8-hour shift of normal operation', () => {
    expect(report.model.normalRobotHours).toBeGreaterThanOrEqual(8);
    expect(report.model.falseAlertsPer8hShift).toBeLessThanOrEqual(1);
  });
});
