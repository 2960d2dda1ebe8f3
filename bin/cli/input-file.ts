import { readFile, stat } from 'node:fs/promises';
import { CliError } from './cli-error';

/** Inputs are read whole: refuse one larger than this before reading a byte of it. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Reads `--<option> <path>` as UTF-8 text: a regular file (not a folder, fifo or device) of at
 * most `maxBytes`, or a one-line CliError naming why not.
 */
export async function readInputText(
  option: string,
  path: string,
  maxBytes = MAX_INPUT_BYTES,
): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`--${option} ${path} is not a regular file.`);
    if (info.size > maxBytes) {
      throw new CliError(
        `--${option} ${path} is ${(info.size / 2 ** 20).toFixed(0)} MiB; at most ${maxBytes / 2 ** 20} MiB is read.`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
}
