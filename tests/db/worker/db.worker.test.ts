import { describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DbClient } from '../../../db/db-client';
import { DatabaseError } from '../../../db/database-errors';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { forkEntry } from '../../../native/process/node-entry';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('database worker', () => {
  it('answers typed calls from a worker thread on a real file', async () => {
    const path = join(tempDir(), 'genba.sqlite');
    const db = await DbClient.open({ path });
    expect(db.info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await db.call('setSetting', { key: 'ui.language', value: 'ja', actor: 'test', nowMs: 1 });
    expect(await db.call('getSetting', 'ui.language')).toBe('ja');
    const audit = await db.call('latestAudit', 1);
    expect(audit[0]).toMatchObject({
      action: 'setting.change',
      target: 'ui.language',
      after: 'ja',
    });
    await db.close();
  });

  it('rebuilds errors with their codes across the thread boundary', async () => {
    const db = await DbClient.open({ path: join(tempDir(), 'genba.sqlite') });
    const error = await db
      .call('appendEvent', {
        tMs: 1,
        kind: 'system',
        severity: 'info',
        text: null as unknown as string,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect(await db.call('countEvents')).toBe(0);
    await db.close();
  });

  it('refuses to open a database from the future with a clear error', async () => {
    const path = join(tempDir(), 'future.sqlite');
    const future = new Database(path);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();
    await expect(DbClient.open({ path })).rejects.toMatchObject({
      code: 'database-from-newer-version',
    });
  });

  it('drains calls in flight before closing', async () => {
    const path = join(tempDir(), 'drain.sqlite');
    const db = await DbClient.open({ path });
    const writes = Array.from({ length: 200 }, (_, i) =>
      db.call('appendEvent', { tMs: i, kind: 'system', severity: 'info', text: `event ${i}` }),
    );
    await db.close();
    await Promise.all(writes);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 200 });
    check.close();
    await expect(db.call('countEvents')).rejects.toMatchObject({ code: 'database-closed' });
  });

  it('survives SIGKILL mid-write: integrity ok and every committed transaction present', async () => {
    const path = join(tempDir(), 'crash.sqlite');
    const entry = forkEntry(new URL('../../fixtures/crash-writer.child.ts', import.meta.url));
    const child = fork(entry.filename, [path], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const committed: number[] = [];
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('COMMITTED '))
            committed.push(...line.slice(10).split(',').map(Number));
        }
        // Kill while writes are in full flow.
        if (committed.length >= 3000) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (db.prepare('SELECT id FROM events').all() as { id: number }[]).map((row) => row.id),
    );
    const missing = committed.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    db.close();
  });
});
