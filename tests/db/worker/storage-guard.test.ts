import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openFault, StorageGuard } from '../../../db/worker/storage-guard';
import type { StorageHealth } from '../../../native/domain';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

/** A real SQLITE_FULL: a database capped at its current size, asked to grow. */
function realDiskFullError(dir: string): Error {
  const db = new Database(join(dir, 'capped.sqlite'));
  db.exec('CREATE TABLE t (x BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  try {
    db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    throw new Error('the capped database grew');
  } catch (error) {
    return error as Error;
  } finally {
    db.close();
  }
}

const batchOf = (n: number) => ({
  robotId: 'arm',
  samples: Array.from({ length: n }, (_, i) => ({ tMs: i, joint: 'j1' })),
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('storage guard', () => {
  it('turns SQLITE_FULL into disk_full, pauses, and resumes once a retry writes', async () => {
    const dir = tempDir();
    const sqliteFull = realDiskFullError(dir);
    expect(sqliteFull).toMatchObject({ code: 'SQLITE_FULL' });
    const published: StorageHealth[] = [];
    let held = 0;
    let diskTakesData = false;
    const guard = new StorageGuard({
      path: join(dir, 'x.sqlite'),
      unwritten: () => held,
      retry: () => {
        if (!diskTakesData) throw realDiskFullError(dir);
        held = 0;
        return true;
      },
      publish: (health) => published.push(health),
      retryMs: 20,
    });
    try {
      expect(guard.health().state).toBe('ok');
      expect(guard.health().volume).not.toBe('');
      const mapped = guard.failed(sqliteFull) as Error & { code: string };
      expect(mapped.code).toBe('disk_full');
      expect(mapped.message).toMatch(/^The disk is full: logging is paused\. Free space on /);
      held = 40;
      expect(guard.health()).toMatchObject({ state: 'disk_full', heldSamples: 40 });
      expect(guard.health().message).toBe(sqliteFull.message);
      // Errors that are not about storage pass through untouched.
      const other = Object.assign(new Error('bad'), { code: 'invalid-telemetry' });
      expect(guard.failed(other)).toBe(other);

      await until(() => published.length >= 3);
      expect(published.every((h) => h.state === 'disk_full')).toBe(true);
      diskTakesData = true;
      await until(() => published.at(-1)?.state === 'ok');
      expect(guard.health()).toMatchObject({ state: 'ok', heldSamples: 0, droppedSamples: 0 });
      expect(guard.health().message).toBeUndefined();
    } finally {
      guard.close();
    }
  });

  it('refuses telemetry beyond the memory bound and counts every sample it refused', () => {
    const dir = tempDir();
    let held = 0;
    const guard = new StorageGuard({
      path: join(dir, 'x.sqlite'),
      unwritten: () => held,
      retry: () => false,
      publish: () => {},
      maxHeldSamples: 100,
      retryMs: 60_000,
    });
    try {
      // While the disk is fine nothing is refused, however much is held.
      held = 1000;
      expect(guard.refuse('appendTelemetry', [batchOf(5)])).toBeNull();
      guard.failed(realDiskFullError(dir));
      held = 99;
      expect(guard.refuse('appendTelemetry', [batchOf(5)])).toBeNull();
      held = 100;
      const refused = guard.refuse('appendTelemetry', [batchOf(7)]) as Error & { code: string };
      expect(refused.code).toBe('disk_full');
      expect(refused.message).toMatch(/7 telemetry samples were not kept \(7 since/);
      const columns = [{ tMs: new Float64Array(3) }, { tMs: new Float64Array(4) }];
      expect(guard.refuse('appendTelemetryColumns', [columns])).toMatchObject({
        code: 'disk_full',
      });
      // Other writes are not the guard's to refuse: SQLite answers them.
      expect(guard.refuse('appendEvent', [{ text: 'x' }])).toBeNull();
      expect(guard.health().droppedSamples).toBe(14);
    } finally {
      guard.close();
    }
  });

  it('names a failure while opening in the same terms and leaves other errors alone', () => {
    const dir = tempDir();
    const path = join(dir, 'x.sqlite');
    expect(openFault(realDiskFullError(dir), path)).toMatchObject({ code: 'disk_full' });
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    // A temp folder has far more than a megabyte free: an I/O error stays an I/O error.
    expect(openFault(ioError, path)).toMatchObject({ code: 'io_error' });
    const future = Object.assign(new Error('newer'), { code: 'database-from-newer-version' });
    expect(openFault(future, path)).toBe(future);
  });
});
