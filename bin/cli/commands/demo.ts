import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { storageFaultOf, storageRefusal } from '../../../db/storage-faults';
import { generateDemoHistory } from '../../../native/demo-history/demo-history';
import { CliError } from '../cli-error';
import { parseDatabaseOptions, requireDatabase } from '../parse-options';

const HELP = `Usage: genba demo --db <file> [--minutes N] [--seed N] [--faults-per-hour N] [--json]

Simulates the demo facility (two OpenManipulator-X arms and a Robotiq 2F-85 gripper) doing task
runs with injected faults, alerts, state changes, replugs and operator notes, on a simulated
clock ending now, and logs it into the database (created if missing): 50 Hz telemetry per joint
and events. --minutes defaults to 60 (at most 10080, a week). Each arm has a fault in its first
minutes, then --faults-per-hour per arm (default 0.33: a few per 8-hour shift; at most 60).
--json prints the identifying values it seeded:
  { "facilityName", "operatorNames": [], "robotNames": [], "usbSerialNumbers": [], "notes": [] }`;

/** `genba demo --db <file> [--minutes N] [--json]` — log a simulated facility's history. */
export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseDatabaseOptions('demo', argv, {
    minutes: { type: 'string' },
    seed: { type: 'string' },
    'faults-per-hour': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const dbFile = requireDatabase('demo', values.db, 'the database to write');
  const minutes = values.minutes === undefined ? 60 : Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 10_080) {
    throw new CliError(
      `--minutes must be a number above 0 and at most 10080, not "${values.minutes}".`,
    );
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    throw new CliError(`--seed must be a whole number, not "${values.seed}".`);
  }
  const rate = values['faults-per-hour'];
  const faultsPerHour = rate === undefined ? undefined : Number(rate);
  if (faultsPerHour !== undefined && !(faultsPerHour >= 0 && faultsPerHour <= 60)) {
    throw new CliError(`--faults-per-hour must be a number from 0 to 60, not "${rate}".`);
  }
  const dbPath = resolve(dbFile);
  mkdirSync(dirname(dbPath), { recursive: true });
  const started = performance.now();
  let progressShown = false;
  const result = await generateDemoHistory({
    dbPath,
    minutes,
    seed,
    ...(faultsPerHour !== undefined ? { faultsPerHour } : {}),
    ...(values.json
      ? {}
      : {
          onProgress: (done: number, total: number) => {
            progressShown = true;
            process.stderr.write(`\rSimulating… ${Math.floor(done)} / ${total} min`);
          },
        }),
  }).catch((error: unknown) => {
    // The error gets a line of its own, not the end of the progress line.
    if (progressShown) process.stderr.write('\n');
    const fault = storageFaultOf(error);
    if (fault) throw new CliError(`genba demo: ${storageRefusal(fault, dbPath)}`, 1);
    throw error;
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result.seeded, null, 2)}\n`);
    return 0;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write('\r');
  process.stdout.write(
    `Logged ${minutes} min of the demo facility into ${dbPath} in ${seconds} s: ` +
      `${result.samples.toLocaleString('en')} telemetry samples, ${result.events.toLocaleString('en')} events ` +
      `(${result.taskRuns} task runs, ${result.faults} faults, ${result.alerts} alerts), ` +
      `${new Date(result.fromMs).toISOString()} – ${new Date(result.toMs).toISOString()}.\n`,
  );
  return 0;
}
