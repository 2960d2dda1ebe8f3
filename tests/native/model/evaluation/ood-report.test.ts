/**
 * The committed out-of-distribution report: it belongs to the committed pack, covers what the
 * held-out set promises, and its pass/fail column says what its own figures say. (Whether the
 * figures meet the targets is the retrained model's test; today's report is the baseline.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checksFor,
  oodReportMarkdown,
  type OodReport,
} from '../../../../native/model/evaluation/ood-report';
import { SERVO_FAMILY_IDS } from '../../../../native/model/evaluation/second-sim/servo-ratings';
import { FAULT_CLASSES } from '../../../../native/domain/faults';

const dir = join(import.meta.dirname, '../../../../assets/models/diagnostics-default');
const report = JSON.parse(readFileSync(join(dir, 'ood-evaluation.json'), 'utf8')) as OodReport;

describe('committed out-of-distribution report', () => {
  it('was produced for the committed pack', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(report.pack).toEqual({ name: manifest.name, version: manifest.version });
  });

  it('covers every fault class on every servo family, and ≥ 8 robot-hours of normal operation at 4 rates', () => {
    const s = report.secondSim;
    expect(s.set.families).toEqual([...SERVO_FAMILY_IDS].sort());
    for (const c of FAULT_CLASSES)
      expect(s.figures.perClass[c].faultScenarios).toBeGreaterThanOrEqual(12);
    expect(s.set.normalRobotHours).toBeGreaterThanOrEqual(8);
    for (const hz of [10, 25, 50, 100])
      expect(s.figures.perRate[String(hz)]?.falseAlerts.robotHours).toBeGreaterThanOrEqual(2);
    expect(s.timeToAlarm.reference?.points ?? 0).toBeGreaterThan(100);
  });

  it('states its checks as its own figures give them', () => {
    const again = [
      ...checksFor('second', report.secondSim.figures, report.secondSim.timeToAlarm),
      ...(report.firstSim ? checksFor('first', report.firstSim.figures, null) : []),
    ];
    expect(report.checks).toEqual(again);
    expect(report.allTargetsMet).toBe(again.every((c) => c.pass));
  });

  it('has its markdown rendered from exactly this JSON', () => {
    expect(readFileSync(join(dir, 'ood-evaluation.md'), 'utf8')).toBe(oodReportMarkdown(report));
  });

  it('agrees with its per-scenario scores', () => {
    const scores = report.secondSim.scenarios;
    const found = scores.filter((s) => s.fault && s.found).length;
    expect(report.secondSim.figures.overall.found).toBe(found);
    const falseAlerts = scores
      .filter((s) => !s.fault)
      .reduce((n, s) => n + s.falseAlerts.length, 0);
    expect(report.secondSim.figures.falseAlerts.alerts).toBe(falseAlerts);
  });
});
