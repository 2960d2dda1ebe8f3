/**
 * `npm run sim2:held-out -- --out <dir> [--only <id substring>]`: writes the second simulator's
 * held-out set as files, one `<id>.csv` (the Telemetry CSV contract, exactly what `genba diagnose
 * --input` reads) and one `<id>.truth.json` per scenario, plus `index.json` listing them with the
 * sha256 of every CSV. Regenerating gives the same bytes (the set is fixed by its seeds).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTelemetryCsv } from '../../telemetry-csv';
import { secondSimHeldOutSet } from './held-out-set';
import { runSecondSimScenario } from './robot-sim';

const { values } = parseArgs({
  options: { out: { type: 'string' }, only: { type: 'string' } },
});
if (!values.out) {
  process.stderr.write(
    'sim2:held-out needs --out <dir> (where to write the CSV and truth files).\n',
  );
  process.exit(2);
}
const out = resolve(values.out);
await mkdir(out, { recursive: true });
const specs = secondSimHeldOutSet().filter((s) => !values.only || s.id.includes(values.only));
const index: { id: string; csv: string; truth: string; sha256: string; rows: number }[] = [];
const started = performance.now();
for (const spec of specs) {
  const { rows, truth } = runSecondSimScenario(spec);
  const csv = formatTelemetryCsv(rows);
  const sha256 = createHash('sha256').update(csv).digest('hex');
  await writeFile(join(out, `${spec.id}.csv`), csv);
  await writeFile(join(out, `${spec.id}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
  index.push({
    id: spec.id,
    csv: `${spec.id}.csv`,
    truth: `${spec.id}.truth.json`,
    sha256,
    rows: rows.length,
  });
  process.stdout.write(
    `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${index.length}/${specs.length} ${spec.id} (${rows.length} rows)\n`,
  );
}
await writeFile(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
process.stdout.write(`Wrote ${index.length} scenarios to ${out}.\n`);
