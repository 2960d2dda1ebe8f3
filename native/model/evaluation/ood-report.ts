/**
 * The out-of-distribution evaluation report: figures per simulator (second simulator first; the
 * first simulator's own held-out set for comparison), each checked against OOD_TARGETS, and a
 * readable markdown version. JSON is what tests read.
 */
import { FAULT_CLASSES } from '../../domain/faults';
import type { ScenarioScore, SimulatorFigures } from './ood-scoring';
import type { TimeToAlarmScore } from './time-to-alarm';

export const OOD_REPORT_FORMAT = 'genba-ood-evaluation/1';

export const OOD_TARGETS = {
  /** "≥ 11/12 fault classes found on the right joint" read as a fraction of fault scenarios. */
  foundFraction: 11 / 12,
  beforeAlarmFraction: 0.8,
  medianLeadS: 60,
  falseAlertsPer8RobotHours: 1,
  timeToAlarmMedianRelativeError: 0.25,
} as const;

export interface SimulatorSection {
  set: {
    scenarios: number;
    faultScenarios: number;
    normalRobotHours: number;
    totalRobotHours: number;
    sampleRatesHz: number[];
    families: string[];
    /** sha256 over the sorted per-scenario CSV sha256s: the same set gives the same digest. */
    digest: string;
  };
  figures: SimulatorFigures;
  timeToAlarm: {
    /** The detector under test has no time-to-alarm estimate yet: null. */
    detector: TimeToAlarmScore | null;
    reference: TimeToAlarmScore | null;
    /** The reference on thermal faults and on sag trends separately. */
    referenceByBasis: Partial<Record<'overheating' | 'input_voltage', TimeToAlarmScore>>;
    referenceNote: string;
  };
  scenarios: ScenarioScore[];
}

export interface OodReport {
  format: typeof OOD_REPORT_FORMAT;
  pack: { name: string; version: string };
  generatedBy: string;
  runtime: { seconds: number; cpuSeconds: number; workers: number };
  definitions: string[];
  targets: typeof OOD_TARGETS;
  secondSim: SimulatorSection;
  firstSim: SimulatorSection | null;
  checks: {
    simulator: 'second' | 'first';
    name: string;
    target: string;
    value: string;
    pass: boolean;
  }[];
  allTargetsMet: boolean;
}

export const DEFINITIONS = [
  'A fault is found when an alert of its class is raised on its joint (voltage sag: any joint) at or after the onset.',
  'First call right: the first alert on the faulted joint after the onset names the right class.',
  'Before the alarm: the first correct alert comes strictly before the servo trips its own Hardware Error bit for that fault (and was not raised from that bit); lead = trip − alert; a fault never found counts as late in the median.',
  'False alerts: every alert on normal operation, per 8 robot-hours; by the class it named, by sample rate (nearest of 10/25/50/100 Hz) and by servo family. Alerts in fault scenarios off the faulted joint or before the onset are counted apart as collateral.',
  'Time to alarm: median |estimate − truth| / truth over ground-truth instants with ≥ 120 s remaining, using the estimate in force at each instant.',
];

export function checksFor(
  simulator: 'second' | 'first',
  f: SimulatorFigures,
  tta: SimulatorSection['timeToAlarm'] | null,
): OodReport['checks'] {
  const out: OodReport['checks'] = [];
  const t = OOD_TARGETS;
  const add = (name: string, target: string, value: number | null, pass: boolean) =>
    out.push({ simulator, name, target, value: value === null ? 'n/a' : String(value), pass });
  add(
    'faults found on the right joint (fraction)',
    `≥ ${t.foundFraction.toFixed(3)}`,
    f.overall.foundFraction,
    f.overall.foundFraction >= t.foundFraction,
  );
  add(
    'alarm-tripping faults flagged before the alarm (fraction)',
    `≥ ${t.beforeAlarmFraction}`,
    f.overall.beforeAlarmFraction,
    (f.overall.beforeAlarmFraction ?? 0) >= t.beforeAlarmFraction,
  );
  add(
    'median lead before the alarm (s)',
    `≥ ${t.medianLeadS}`,
    f.overall.medianLeadS,
    (f.overall.medianLeadS ?? -Infinity) >= t.medianLeadS,
  );
  add(
    'false alerts per 8 robot-hours',
    `≤ ${t.falseAlertsPer8RobotHours}`,
    f.falseAlerts.per8RobotHours,
    f.falseAlerts.per8RobotHours <= t.falseAlertsPer8RobotHours,
  );
  for (const [rate, g] of Object.entries(f.perRate))
    if (g.falseAlerts.robotHours > 0)
      add(
        `false alerts per 8 robot-hours at ${rate} Hz`,
        `≤ ${t.falseAlertsPer8RobotHours}`,
        g.falseAlerts.per8RobotHours,
        g.falseAlerts.per8RobotHours <= t.falseAlertsPer8RobotHours,
      );
  for (const [family, g] of Object.entries(f.perFamily)) {
    add(
      `${family}: faults found (fraction)`,
      `≥ ${t.foundFraction.toFixed(3)}`,
      g.foundFraction,
      g.foundFraction >= t.foundFraction,
    );
    if (g.falseAlerts.robotHours > 0)
      add(
        `${family}: false alerts per 8 robot-hours`,
        `≤ ${t.falseAlertsPer8RobotHours}`,
        g.falseAlerts.per8RobotHours,
        g.falseAlerts.per8RobotHours <= t.falseAlertsPer8RobotHours,
      );
  }
  if (tta) {
    const v = tta.detector?.medianRelativeError ?? null;
    add(
      'time-to-alarm median relative error (≥ 2 min remaining)',
      `≤ ${t.timeToAlarmMedianRelativeError}`,
      v,
      v !== null && v <= t.timeToAlarmMedianRelativeError,
    );
  }
  return out;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);
const lead = (g: {
  medianLeadS: number | null;
  medianIsMissedOrLate: boolean;
  withAlarm: number;
}) =>
  g.withAlarm === 0
    ? '—'
    : g.medianLeadS === null
      ? 'missed'
      : `${g.medianLeadS} s${g.medianIsMissedOrLate ? ' (late)' : ''}`;

function simulatorMarkdown(title: string, s: SimulatorSection): string[] {
  const f = s.figures;
  const lines: string[] = [`## ${title}`, ''];
  lines.push(
    `${s.set.scenarios} scenarios (${s.set.faultScenarios} with a fault), ${s.set.totalRobotHours} robot-hours of telemetry of which ${s.set.normalRobotHours} normal; rates ${s.set.sampleRatesHz.join(', ')} Hz; set digest \`${s.set.digest.slice(0, 16)}\`.`,
    '',
  );
  const o = f.overall;
  lines.push(
    `**Overall:** found ${o.found}/${o.faultScenarios} (${pct(o.foundFraction)}), first call right ${o.firstCallRight}/${o.faultScenarios}; before the alarm ${o.beforeAlarm}/${o.withAlarm} (${pct(o.beforeAlarmFraction)}), median lead ${lead(o)}; false alerts ${f.falseAlerts.alerts} in ${f.falseAlerts.robotHours} robot-hours = **${f.falseAlerts.per8RobotHours} per 8 robot-hours**; collateral alerts in fault scenarios ${f.collateralAlerts}.`,
    '',
  );
  lines.push('### Per fault class', '');
  lines.push(
    '| class | found | first call right | tripped alarm | flagged before alarm | median lead | false alerts naming it (per 8 h) |',
    '|---|---|---|---|---|---|---|',
  );
  for (const c of FAULT_CLASSES) {
    const g = f.perClass[c];
    const fa = f.falseAlerts.byClass[c] ?? 0;
    const per8 = f.falseAlerts.robotHours
      ? Math.round((8000 * fa) / f.falseAlerts.robotHours) / 1000
      : 0;
    lines.push(
      `| ${c} | ${g.found}/${g.faultScenarios} | ${g.firstCallRight}/${g.faultScenarios} | ${g.withAlarm} | ${g.beforeAlarm}/${g.withAlarm} | ${lead(g)} | ${fa} (${per8}) |`,
    );
  }
  const grouped = (name: string, groups: SimulatorFigures['perFamily']) => {
    lines.push('', `### Per ${name}`, '');
    lines.push(
      `| ${name} | found | flagged before alarm | median lead | normal robot-hours | false alerts | per 8 robot-hours | by class |`,
      '|---|---|---|---|---|---|---|---|',
    );
    for (const [k, g] of Object.entries(groups)) {
      const by =
        Object.entries(g.falseAlerts.byClass)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || '—';
      lines.push(
        `| ${k} | ${g.found}/${g.faultScenarios} | ${g.beforeAlarm}/${g.withAlarm} | ${lead(g)} | ${g.falseAlerts.robotHours} | ${g.falseAlerts.alerts} | ${g.falseAlerts.per8RobotHours} | ${by} |`,
      );
    }
  };
  grouped('family', f.perFamily);
  grouped('rate (Hz)', f.perRate);
  const families = Object.keys(f.perFamily);
  if (families.length > 1) {
    lines.push('', '### Found, class × family', '');
    lines.push(
      `| class | ${families.join(' | ')} |`,
      `|---|${families.map(() => '---').join('|')}|`,
    );
    for (const c of FAULT_CLASSES)
      lines.push(
        `| ${c} | ${families
          .map((fam) => {
            const x = f.classByFamily[c][fam];
            return x && x.total ? `${x.found}/${x.total}` : '—';
          })
          .join(' | ')} |`,
      );
  }
  lines.push('', '### What the faulted joint was first called (after the onset)', '');
  lines.push('| true class | calls |', '|---|---|');
  for (const c of FAULT_CLASSES)
    lines.push(
      `| ${c} | ${
        Object.entries(f.firstCalls[c])
          .map(([k, n]) => `${k} ${n}`)
          .join(', ') || '—'
      } |`,
    );
  const tta = s.timeToAlarm;
  if (tta.reference || tta.detector) {
    lines.push('', '### Time to alarm (thermal faults and trending sag, ≥ 2 min remaining)', '');
    const row = (name: string, x: TimeToAlarmScore | null) =>
      x
        ? `| ${name} | ${x.points} | ${x.covered} | ${x.medianRelativeError ?? 'n/a'} | ${pct(x.within25Percent)} |`
        : `| ${name} | — | — | n/a (no estimator) | — |`;
    lines.push(
      '| estimator | truth points | estimated | median relative error | within 25 % |',
      '|---|---|---|---|---|',
    );
    lines.push(row('detector under test', tta.detector), row('naive reference', tta.reference));
    for (const [basis, score] of Object.entries(tta.referenceByBasis))
      lines.push(
        row(`naive reference, ${basis === 'overheating' ? 'thermal' : 'supply sag'}`, score),
      );
    lines.push('', tta.referenceNote);
  }
  lines.push('');
  return lines;
}

export function oodReportMarkdown(r: OodReport): string {
  const lines: string[] = [];
  lines.push(`# Out-of-distribution diagnostics evaluation — ${r.pack.name} ${r.pack.version}`, '');
  lines.push(
    `Generated by \`${r.generatedBy}\` in ${r.runtime.seconds} s (${r.runtime.cpuSeconds} s of CPU) on ${r.runtime.workers} worker threads. The detector runs exactly as \`genba diagnose --input\`: each scenario is written as Telemetry CSV, parsed back with the CLI's parser and diagnosed with the pack's ONNX model through \`diagnoseRows\`.`,
    '',
  );
  lines.push(
    'The second simulator shares no code with the first and training never imports it (a test follows every import). Its physics: a DC motor with winding inductance, back-EMF and temperature-dependent resistance; a two-node thermal network (winding, case) with ambient and a lagging board sensor; rotor and link as two inertias joined by a gear with backlash, Coulomb + viscous + Stribeck friction; arms whose gravity load and inertia come from their link masses; one supply with source impedance and a daisy chain shared by every joint; six servo families from their ratings; a poll loop with jitter, retries, lost, stale and duplicated samples. See native/model/evaluation/second-sim/README.md.',
    '',
  );
  lines.push('Definitions:', '', ...r.definitions.map((d) => `- ${d}`), '');
  lines.push(`**All targets met: ${r.allTargetsMet ? 'yes' : 'NO'}**`, '');
  lines.push('| simulator | check | target | value | pass |', '|---|---|---|---|---|');
  for (const c of r.checks)
    lines.push(
      `| ${c.simulator} | ${c.name} | ${c.target} | ${c.value} | ${c.pass ? 'yes' : '**no**'} |`,
    );
  lines.push('');
  lines.push(...simulatorMarkdown('Second simulator (never seen in training)', r.secondSim));
  if (r.firstSim)
    lines.push(...simulatorMarkdown('First simulator (its own held-out seeds)', r.firstSim));
  return `${lines.join('\n')}\n`;
}
