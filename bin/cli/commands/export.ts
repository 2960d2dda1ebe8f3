import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DbClient } from '../../../db/db-client';
import { salvageDatabase, type SalvagedDatabase } from '../../../db/salvage-database';
import { TELEMETRY_CSV_COLUMNS } from '../../../native/domain';
import { CliError } from '../cli-error';
import { databaseFiles, outputPath, writeAtomically } from '../output-file';
import { parseDatabaseOptions, requireDatabase } from '../parse-options';

const HELP = `Usage: genba export --db <file> --format csv|json --out <file>
                    [--from <iso time>] [--to <iso time>] [--kind telemetry|events] [--salvage] [--json]

Exports a time range of a log database, opened read-only (the file is not changed):
  --kind telemetry   rows ${TELEMETRY_CSV_COLUMNS.slice(0, 7).join(',')},
                     ${TELEMETRY_CSV_COLUMNS.slice(7).join(',')} (the telemetry CSV contract; JSON: an array of the same)
  --kind events      id, time, robot, kind, severity, user, text (CSV) or event objects (JSON)
Without --kind, csv exports telemetry and json exports events. --from/--to default to the
whole log (--to is exclusive). --json prints { path, kind, format, rows, bytes }.
--out may not be the database (or its -wal/-shm); the file appears only when complete.
--salvage reads a damaged log table by table and exports what can still be read (stderr lists
the tables it could not read to the end).`;

function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new CliError(
      `--${name} must be an ISO time such as 2026-01-05T08:00:00Z (or milliseconds), not "${value}".`,
    );
  }
  return ms;
}

/** `genba export --db <file> [--from] [--to] --format csv|json --out <file> [--kind …]`. */
export async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parseDatabaseOptions('export', argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    kind: { type: 'string' },
    out: { type: 'string' },
    salvage: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const dbFile = requireDatabase('export', values.db);
  if (!values.out) throw new CliError('genba export: --out <file> is required.');
  const format = values.format;
  if (format !== 'csv' && format !== 'json') {
    throw new CliError(`--format must be csv or json, not "${format ?? ''}".`);
  }
  const kind = values.kind ?? (format === 'csv' ? 'telemetry' : 'events');
  if (kind !== 'telemetry' && kind !== 'events') {
    throw new CliError(`--kind must be telemetry or events, not "${kind}".`);
  }
  const fromMs = parseTime('from', values.from);
  const toMs = parseTime('to', values.to);
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) {
    throw new CliError('--to must be later than --from.');
  }
  const dbPath = resolve(dbFile);
  if (!existsSync(dbPath)) throw new CliError(`There is no database at ${dbPath}.`);
  const out = outputPath('out', values.out, databaseFiles(dbPath));
  const salvaged = values.salvage ? salvage(dbPath) : undefined;
  let db: DbClient;
  try {
    db = await DbClient.open({ path: salvaged?.path ?? dbPath, readOnly: true });
  } catch (error) {
    salvaged?.cleanup();
    throw error;
  }
  try {
    const exported = await writeAtomically(out, (temporary) =>
      db.call('exportLog', {
        kind,
        format,
        path: temporary,
        ...(fromMs !== undefined ? { fromMs } : {}),
        ...(toMs !== undefined ? { toMs } : {}),
      }),
    );
    const result = { ...exported, path: out };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `Exported ${result.rows.toLocaleString('en')} ${kind === 'telemetry' ? 'telemetry rows' : 'events'} to ${result.path} (${result.bytes.toLocaleString('en')} bytes).\n`,
      );
  } finally {
    await db.close();
    salvaged?.cleanup();
  }
  return 0;
}

function salvage(dbPath: string): SalvagedDatabase {
  const salvaged = salvageDatabase(dbPath);
  for (const table of salvaged.tables) {
    if (table.error) {
      process.stderr.write(
        `Salvage: table ${table.name} read only in part (${table.rows.toLocaleString('en')} rows kept): ${table.error}\n`,
      );
    }
  }
  return salvaged;
}
