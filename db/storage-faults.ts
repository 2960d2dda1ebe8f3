/**
 * Storage faults: which SQLite and file-system errors mean "the disk is full" or "the disk
 * failed", where the database's volume is and how much room it has, and the one-line message a
 * person reads. The worker and the client both use it, so a fault has one code on both sides.
 */
import { statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { StorageState } from '../native/domain';

export type StorageFault = Exclude<StorageState, 'ok'>;

/** `disk_full` / `io_error` for a storage failure (SQLite's or the file system's), else null. */
export function storageFaultOf(error: unknown): StorageFault | null {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'disk_full' || code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return 'disk_full';
  }
  if (code === 'io_error' || code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io_error';
  return null;
}

/** The mount point holding `path`: the last ancestor on the same device (the root on Windows). */
export function volumeOf(path: string): string {
  let dir = dirname(resolve(path));
  try {
    const device = statSync(dir).dev;
    for (;;) {
      const parent = dirname(dir);
      if (parent === dir || statSync(parent).dev !== device) return dir;
      dir = parent;
    }
  } catch {
    return dir;
  }
}

/** Free bytes for this user on the volume holding `path`, or null when it cannot be read. */
export function bytesFreeAt(path: string): number | null {
  try {
    const stats = statfsSync(dirname(resolve(path)));
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

export function formatMegabytes(bytes: number | null): string {
  return bytes === null ? 'unknown' : `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** The message a caller sees when a write met a storage fault. */
export function storageFaultMessage(
  fault: StorageFault,
  volume: string,
  bytesFree: number | null,
): string {
  return fault === 'disk_full'
    ? `The disk is full: logging is paused. Free space on ${volume} (${formatMegabytes(bytesFree)} free); logging resumes by itself.`
    : `The disk failed to read or write (I/O error) on ${volume}: logging is paused until it answers again.`;
}

/** Why a command cannot run on this database's disk, in one line. */
export function storageRefusal(fault: StorageFault, path: string): string {
  const volume = volumeOf(path);
  return fault === 'disk_full'
    ? `the disk holding ${path} is full (${formatMegabytes(bytesFreeAt(path))} free on ${volume}); free space there and try again.`
    : `the disk holding ${path} failed to read or write (I/O error on ${volume}); check the drive and try again.`;
}
