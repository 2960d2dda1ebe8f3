import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its errors turned into one-line CLI errors. */
export function parseOptions<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError(`genba ${command}: ${(error as Error).message}`);
  }
}

/** What every command on a log database takes: the file, and --json for a machine's output. */
const DATABASE_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies Options;

/** parseOptions for a command on a log database: `--db <file>` and `--json` besides its own. */
export function parseDatabaseOptions<T extends Options>(
  command: string,
  argv: string[],
  options: T,
) {
  return parseOptions(command, argv, { ...DATABASE_OPTIONS, ...options });
}

/** The `--db` path, or the refusal; `why` says what the database is for, when that helps. */
export function requireDatabase(command: string, db: string | undefined, why?: string): string {
  if (!db)
    throw new CliError(`genba ${command}: --db <file> is required${why ? ` (${why})` : ''}.`);
  return db;
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}
