import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';

/** node:util parseArgs with its errors turned into one-line CLI errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError(`genba ${command}: ${(error as Error).message}`);
  }
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}
