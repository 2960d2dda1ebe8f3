/**
 * `npm run eval:ood [-- --pack=<dir>] [--first-sim=none|small|full] [--out=<dir>] [--only=<text>]`:
 * runs the verified pack over the second simulator's held-out set (and, for comparison, the first
 * simulator's own held-out seeds) exactly as `genba diagnose --input` would, and writes
 * ood-evaluation.json and ood-evaluation.md next to the pack (or into --out). Exit code 1 when a
 * target is missed, as for the in-distribution evaluation.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PACK_DIR } from '../model-registry';
import { checkModelWithOnnxRuntime } from '../pack/onnx-session';
import { verifyPack } from '../pack/verify-pack';
import type { HeldOutJob, HeldOutResult } from './evaluate-held-out-scenario';
import { firstSimHeldOut } from './first-sim-held-out';
import type { HeldOutWorkerJob } from './held-out-evaluation.worker';
import {
  checksFor,
  DEFINITIONS,
  OOD_REPORT_FORMAT,
  OOD_TARGETS,
  oodReportMarkdown,
  type OodReport,
  type SimulatorSection,
} from './ood-report';
import { r3, simulatorFigures } from './ood-scoring';
import { secondSimHeldOutSet } from './second-sim/held-out-set';
import { scoreTimeToAlarm } from './time-to-alarm';
import { WorkerPool } from '../worker-pool';

const FIRST_SIM_SIZES = {
  none: null,
  small: { perFault: 6, normalRuns: 8, normalHours: 1 },
  full: { perFault: 20, normalRuns: 8, normalHours: 1 },
} as const;

const { values } = parseArgs({
  options: {
    pack: { type: 'string' },
    'first-sim': { type: 'string', default: 'small' },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
const firstSimSize = values['first-sim'] as keyof typeof FIRST_SIM_SIZES;
if (!(firstSimSize in FIRST_SIM_SIZES)) {
  process.stderr.write(`--first-sim must be none, small or full (got "${values['first-sim']}").\n`);
  process.exit(2);
}
const packDir = values.pack ?? DEFAULT_PACK_DIR;
const outDir = values.out ?? packDir;
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const log = (line: string) =>
  process.stdout.write(`[${elapsed().toFixed(0).padStart(4)} s] ${line}\n`);

const pack = await verifyPack(packDir, { checkModel: checkModelWithOnnxRuntime });
log(
  `pack ${pack.manifest.name} ${pack.manifest.version} verified (signed by ${pack.signer.keyId})`,
);

const jobs: HeldOutJob[] = secondSimHeldOutSet()
  .filter((spec) => !values.only || spec.id.includes(values.only))
  .map((spec) => ({ simulator: 'second', spec }));
const size = FIRST_SIM_SIZES[firstSimSize];
if (size && !values.only)
  for (const spec of firstSimHeldOut(size.perFault, size.normalRuns, size.normalHours))
    jobs.push({ simulator: 'first', spec });
// Longest first so both workers finish together.
const lengthOf = (j: HeldOutJob) =>
  j.simulator === 'second'
    ? (j.spec.durationS + j.spec.runOnS / 4) * j.spec.stream.sampleHz ** 0.3
    : j.spec.durationS * j.spec.sampleHz ** 0.3;
jobs.sort((a, b) => lengthOf(b) - lengthOf(a));

const pool = new WorkerPool<HeldOutWorkerJob>(
  new URL('./held-out-evaluation.worker.ts', import.meta.url),
);
const workers = 2;
let done = 0;
let results: HeldOutResult[];
try {
  results = await Promise.all(
    jobs.map(async (job) => {
      const r = await pool.run<HeldOutResult>({
        job,
        modelBytes: pack.modelBytes,
        manifest: pack.manifest,
      });
      if (++done % 10 === 0 || done === jobs.length)
        log(`evaluated ${done}/${jobs.length} scenarios`);
      return r;
    }),
  );
} finally {
  await pool.close();
}

function section(simulator: 'second' | 'first'): SimulatorSection | null {
  const own = results.filter((r) => r.truth.simulator === simulator);
  if (own.length === 0) return null;
  own.sort((a, b) => a.truth.id.localeCompare(b.truth.id));
  const scores = own.map((r) => r.score);
  const digest = createHash('sha256')
    .update(
      own
        .map((r) => r.csvSha256)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const ttaCases = own.filter((r) => r.truth.timeToAlarm && r.referenceTimeToAlarm);
  const referenceOf = (cases: HeldOutResult[]) =>
    scoreTimeToAlarm(
      cases.map((r) => ({
        truth: r.truth.timeToAlarm?.points ?? [],
        estimates: r.referenceTimeToAlarm ?? [],
      })),
    );
  const referenceByBasis: SimulatorSection['timeToAlarm']['referenceByBasis'] = {};
  for (const basis of ['overheating', 'input_voltage'] as const) {
    const cases = ttaCases.filter((r) => r.truth.timeToAlarm?.basis === basis);
    if (cases.length) referenceByBasis[basis] = referenceOf(cases);
  }
  return {
    set: {
      scenarios: own.length,
      faultScenarios: own.filter((r) => r.truth.fault).length,
      normalRobotHours: r3(
        own.filter((r) => !r.truth.fault).reduce((s, r) => s + r.truth.robotHours, 0),
      ),
      totalRobotHours: r3(own.reduce((s, r) => s + r.truth.robotHours, 0)),
      sampleRatesHz: [...new Set(own.map((r) => r.truth.sampleHz))].sort((a, b) => a - b),
      families: [...new Set(own.map((r) => r.truth.family))].sort(),
      digest,
    },
    figures: simulatorFigures(simulator, scores),
    timeToAlarm: {
      detector: null,
      reference: ttaCases.length ? referenceOf(ttaCases) : null,
      referenceByBasis,
      referenceNote:
        'The detector under test gives no time-to-alarm. The naive reference extrapolates the last three minutes of the joint temperature (or of the bus voltage’s lower envelope) in a straight line to the family’s rated limit; it is there to show what a real estimator must beat.',
    },
    scenarios: scores,
  };
}

const secondSim = section('second');
if (!secondSim) throw new Error('No second-simulator scenario was evaluated (check --only).');
const firstSim = section('first');
const checks = [
  ...checksFor('second', secondSim.figures, secondSim.timeToAlarm),
  ...(firstSim ? checksFor('first', firstSim.figures, null) : []),
];
const report: OodReport = {
  format: OOD_REPORT_FORMAT,
  pack: { name: pack.manifest.name, version: pack.manifest.version },
  generatedBy: 'npm run eval:ood (native/model/evaluation/run-ood-evaluation.ts)',
  runtime: {
    seconds: Math.round(elapsed()),
    // Process-wide: the workers' threads included.
    cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
    workers,
  },
  definitions: DEFINITIONS,
  targets: OOD_TARGETS,
  secondSim,
  firstSim,
  checks,
  allTargetsMet: checks.every((c) => c.pass),
};
await writeFile(join(outDir, 'ood-evaluation.json'), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(outDir, 'ood-evaluation.md'), oodReportMarkdown(report));
const sum = (k: keyof HeldOutResult['seconds']) =>
  results.reduce((s, r) => s + r.seconds[k], 0).toFixed(0);
log(
  `worker time: simulate ${sum('simulate')} s, CSV ${sum('csv')} s, diagnose ${sum('diagnose')} s`,
);
for (const c of checks)
  log(`${c.pass ? 'PASS' : 'FAIL'} [${c.simulator}] ${c.name}: ${c.value} (target ${c.target})`);
log(`report written to ${join(outDir, 'ood-evaluation.md')}`);
process.exitCode = report.allTargetsMet ? 0 : 1;
