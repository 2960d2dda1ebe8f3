/**
 * A command's output file: never one of the files it reads (compared by real path and by device
 * and inode, so a symlink or hard link to the database is caught too), never a folder, and
 * written to a temporary file in the same folder that is renamed over the name only when complete.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** `path` with its folder's symlinks resolved (the file itself need not exist). */
function realName(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const folder = dirname(absolute);
    return join(existsSync(folder) ? realpathSync(folder) : folder, basename(absolute));
  }
}

/**
 * Resolves `--<option> <value>` as an output file, refusing a folder, a missing folder, and any
 * path that is (or links to) one of `inputs`. For a database input pass its -wal and -shm too.
 */
export function outputPath(option: string, value: string, inputs: readonly string[]): string {
  const out = resolve(value);
  const stats = statOrNull(out);
  if (stats?.isDirectory()) {
    throw new CliError(`--${option} ${value} is a folder; give the name of a file to write.`);
  }
  if (!statOrNull(dirname(out))?.isDirectory()) {
    throw new CliError(`--${option} ${value}: the folder ${dirname(out)} does not exist.`);
  }
  const outName = realName(out);
  for (const input of inputs) {
    const inStats = statOrNull(input);
    const sameFile =
      realName(input) === outName ||
      (stats !== null &&
        inStats !== null &&
        stats.dev === inStats.dev &&
        stats.ino === inStats.ino);
    if (sameFile) {
      throw new CliError(
        `--${option} ${value} would overwrite ${input}, which this command reads; choose another file name.`,
      );
    }
  }
  return out;
}

/** Database files SQLite reads alongside `path`. */
export function databaseFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
}

/**
 * Runs `write` on a fresh temporary name beside `path`, then renames it to `path`: a reader sees
 * the old file or the complete new one, never a half-written one. The temporary file is removed
 * if `write` fails.
 */
export async function writeAtomically<T>(
  path: string,
  write: (temporary: string) => Promise<T> | T,
): Promise<T> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const result = await write(temporary);
    renameSync(temporary, path);
    return result;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
