/**
 * The held-out evaluation: scenarios with seeds disjoint from training, run through the pack's
 * ONNX model (onnxruntime, in worker threads) and through the rule baseline, summarised as the
 * report the targets test reads (evaluation.json) and a readable version (evaluation.md).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackManifest } from '../pack/manifest';
import { CLASS_NAMES } from '../taxonomy';
import { FAULT_CLASSES } from '../../domain';
import { BASELINE_RULES } from './baseline';
import { figures, type ScenarioOutcome, type SystemFigures } from './metrics';
import type { SimPool } from './sim-pool';
import { randomScenario, SEVERITY_NOTE, type ScenarioSpec } from './sim-scenarios';

export const EVAL_SEED_BASE = 1_000_000;

export const TARGETS = {
  macroF1: 0.9,
  overheatingMedianLeadS: 60,
  overloadBeforeAlarm: 0.9,
  voltageSagBeforeAlarm: 0.9,
  falseAlertsPer8hShift: 1,
} as const;

export function heldOutScenarios(
  perFault: number,
  normalRuns: number,
  normalHours: number,
): ScenarioSpec[] {
  const specs: ScenarioSpec[] = [];
  let seed = EVAL_SEED_BASE;
  for (const fault of FAULT_CLASSES) {
    for (let i = 0; i < perFault; i++)
      specs.push(
        randomScenario(seed++, {
          durationS: fault === 'overheating' ? 420 : 300,
          fault: fault,
        }),
      );
  }
  for (let i = 0; i < normalRuns; i++)
    specs.push(randomScenario(seed++, { durationS: Math.round(normalHours * 3600), fault: null }));
  return specs;
}

export interface EvaluationReport {
  pack: { name: string; version: string };
  generatedBy: string;
  scenarios: { total: number; perFault: number; normalRobotHours: number; sampleRatesHz: number[] };
  unit: string;
  model: SystemFigures;
  baseline: SystemFigures & { rules: typeof BASELINE_RULES };
  targets: typeof TARGETS;
  checks: { name: string; target: string; value: string; pass: boolean }[];
  allTargetsMet: boolean;
}

export async function runEvaluation(
  pool: SimPool,
  pack: { modelBytes: Uint8Array; manifest: PackManifest },
  options: {
    perFault: number;
    normalRuns: number;
    normalHours: number;
    log: (line: string) => void;
  },
): Promise<EvaluationReport> {
  const specs = heldOutScenarios(options.perFault, options.normalRuns, options.normalHours);
  // Longest first so the two workers finish together.
  const order = [...specs].sort((a, b) => b.durationS - a.durationS);
  let done = 0;
  const results = await Promise.all(
    order.map(async (spec) => {
      const r = await pool.run<{ model: ScenarioOutcome; baseline: ScenarioOutcome }>({
        kind: 'evaluate',
        spec,
        modelBytes: pack.modelBytes,
        manifest: pack.manifest,
      });
      if (++done % 20 === 0 || done === order.length)
        options.log(`evaluated ${done}/${order.length} held-out scenarios`);
      return r;
    }),
  );
  results.sort((a, b) => a.model.seed - b.model.seed);
  const model = figures(results.map((r) => r.model));
  const baseline = figures(results.map((r) => r.baseline));
  const checks: EvaluationReport['checks'] = [];
  const check = (name: string, target: string, value: number | null, pass: boolean) =>
    checks.push({ name, target, value: value === null ? 'n/a' : String(value), pass });
  check('macro-F1', `≥ ${TARGETS.macroF1}`, model.macroF1, model.macroF1 >= TARGETS.macroF1);
  for (const c of FAULT_CLASSES)
    check(
      `F1 ${c} better than baseline`,
      `> ${baseline.perClass[c].f1}`,
      model.perClass[c].f1,
      model.perClass[c].f1 > baseline.perClass[c].f1,
    );
  const oh = model.lead.overheating.medianLeadS;
  check(
    'overheating median lead before alarm (s)',
    `≥ ${TARGETS.overheatingMedianLeadS}`,
    oh,
    oh !== null && oh >= TARGETS.overheatingMedianLeadS,
  );
  const flaggedBeforeAlarm = [
    ['overload', 'overload', TARGETS.overloadBeforeAlarm],
    ['voltage_sag', 'voltage sag', TARGETS.voltageSagBeforeAlarm],
  ] as const;
  for (const [fault, words, target] of flaggedBeforeAlarm) {
    const lead = model.lead[fault];
    check(
      `${words} flagged before alarm (fraction)`,
      `≥ ${target}`,
      lead.fractionBeforeAlarm,
      lead.scenariosWithAlarm > 0 && lead.fractionBeforeAlarm >= target,
    );
  }
  check(
    'false alerts per robot per 8 h shift',
    `≤ ${TARGETS.falseAlertsPer8hShift}`,
    model.falseAlertsPer8hShift,
    model.falseAlertsPer8hShift <= TARGETS.falseAlertsPer8hShift,
  );
  return {
    pack: { name: pack.manifest.name, version: pack.manifest.version },
    generatedBy: 'npm run eval:diagnostics (native/model/training/evaluation-run.ts)',
    scenarios: {
      total: specs.length,
      perFault: options.perFault,
      normalRobotHours: model.normalRobotHours,
      sampleRatesHz: [...new Set(specs.map((s) => s.sampleHz))].sort((a, b) => a - b),
    },
    unit: 'one joint of one held-out scenario; prediction = fault of its first alert (none = normal); voltage sag alerts are bus-wide',
    model,
    baseline: { ...baseline, rules: BASELINE_RULES },
    targets: TARGETS,
    checks,
    allTargetsMet: checks.every((c) => c.pass),
  };
}

/** " by fault" for the false-alert line, when there were any. */
function byFault(f: SystemFigures): string {
  const parts = Object.entries(f.falseAlertsByFault).map(([fault, n]) => `${fault} ${n}`);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

export function reportMarkdown(r: EvaluationReport): string {
  const lines: string[] = [];
  lines.push(`# Diagnostics evaluation — ${r.pack.name} ${r.pack.version}`, '');
  lines.push(
    `Generated by \`${r.generatedBy}\` on ${r.scenarios.total} held-out simulator scenarios`,
  );
  lines.push(
    `(${r.scenarios.perFault} per fault, ${r.scenarios.normalRobotHours} robot-hours of normal operation; sample rates ${r.scenarios.sampleRatesHz.join(', ')} Hz).`,
  );
  lines.push(`Unit: ${r.unit}.`, '');
  lines.push(`Fault severities: ${SEVERITY_NOTE}`, '');
  lines.push(`**All targets met: ${r.allTargetsMet ? 'yes' : 'NO'}**`, '');
  lines.push(...tableHead('check | target | value | pass'));
  for (const c of r.checks)
    lines.push(`| ${c.name} | ${c.target} | ${c.value} | ${c.pass ? 'yes' : '**no**'} |`);
  lines.push('', '## Per class (model vs rule baseline)', '');
  lines.push(
    ...tableHead(
      'class | support | model P | model R | model F1 | baseline P | baseline R | baseline F1',
    ),
  );
  for (const c of CLASS_NAMES) {
    const m = r.model.perClass[c];
    const b = r.baseline.perClass[c];
    lines.push(
      `| ${c} | ${m.support} | ${m.precision} | ${m.recall} | ${m.f1} | ${b.precision} | ${b.recall} | ${b.f1} |`,
    );
  }
  lines.push(`| **macro** | | | | **${r.model.macroF1}** | | | **${r.baseline.macroF1}** |`, '');
  lines.push('## Lead time before the servo’s hardware alarm', '');
  lines.push(
    ...tableHead(
      'fault | scenarios with alarm | model: before alarm | model median lead (s) | baseline: before alarm | baseline median lead (s)',
    ),
  );
  for (const c of FAULT_CLASSES) {
    const m = r.model.lead[c];
    const b = r.baseline.lead[c];
    if (!m.scenariosWithAlarm) continue;
    lines.push(
      `| ${c} | ${m.scenariosWithAlarm} | ${m.detectedBeforeAlarm} (${m.fractionBeforeAlarm}) | ${m.medianLeadS ?? 'n/a'} | ${b.detectedBeforeAlarm} (${b.fractionBeforeAlarm}) | ${b.medianLeadS ?? 'n/a'} |`,
    );
  }
  lines.push('', '## False alerts on normal operation', '');
  lines.push(
    `Model: ${r.model.falseAlertsPerRobotHour} per robot-hour (${r.model.falseAlertsPer8hShift} per 8 h shift)${byFault(r.model)}. Baseline: ${r.baseline.falseAlertsPerRobotHour} per robot-hour (${r.baseline.falseAlertsPer8hShift} per 8 h shift)${byFault(r.baseline)}.`,
    '',
  );
  lines.push(
    `Baseline rules: temperature ≥ ${BASELINE_RULES.temperatureC} °C, |current| ≥ ${BASELINE_RULES.currentA} A for ${BASELINE_RULES.currentHoldMs} ms, voltage ≤ ${BASELINE_RULES.voltageV} V, plus the Hardware Error Status bits.`,
    '',
  );
  lines.push('## Confusion matrix (model; rows = truth, columns = predicted)', '');
  lines.push(`| | ${CLASS_NAMES.join(' | ')} |`, `|---|${CLASS_NAMES.map(() => '---').join('|')}|`);
  r.model.confusion.forEach((row, i) => lines.push(`| ${CLASS_NAMES[i]} | ${row.join(' | ')} |`));
  lines.push('');
  return lines.join('\n');
}

/** A Markdown table's header row (`a | b | c`) and its separator. */
function tableHead(header: string): [string, string] {
  return [`| ${header} |`, `|${'---|'.repeat(header.split(' | ').length)}`];
}

export async function writeReport(dir: string, report: EvaluationReport): Promise<void> {
  await writeFile(join(dir, 'evaluation.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'evaluation.md'), reportMarkdown(report));
}
