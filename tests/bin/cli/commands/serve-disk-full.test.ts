/**
 * `genba serve --demo` on a real 24 MB tmpfs that the test fills: the app stays up, app.status
 * says disk_full with the free bytes, no write it acknowledged is missing, and logging resumes
 * once the filler is deleted. Start-up on a full disk exits with the reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { AppStatus } from '../../../../electron/shared/contract';
import { startGenba, type RunningGenba } from '../../../e2e/genba-server';
import { runGenba } from '../../../helpers/genba-process';
import { mountSmallVolume, type SmallVolume } from '../../../helpers/small-volume';

const mounted = mountSmallVolume(24);
const volume: SmallVolume | null = 'skip' in mounted ? null : mounted;
if ('skip' in mounted) console.warn(`genba serve disk-full test skipped: ${mounted.skip}`);

afterAll(() => volume?.unmount());

function readDb<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const storedSamples = (path: string) =>
  readDb(
    path,
    (db) =>
      (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM telemetry_chunks').get() as { n: number })
        .n,
  );

async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  ms = 40_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string } };

function connect(
  genba: RunningGenba,
): Promise<(channel: string, args?: object) => Promise<CallResult>> {
  const url = new URL(genba.url);
  const token = url.hash.replace(/^#token=/, '');
  const ws = new WebSocket(`ws://${url.host}/api?token=${encodeURIComponent(token)}`);
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number } & CallResult;
    if (typeof message.id === 'number') pending.get(message.id)?.(message);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve(
        (channel, args = {}) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, done);
            ws.send(JSON.stringify({ id, channel, args }));
          }),
      ),
    );
  });
}

describe.skipIf(!volume)('genba serve on a disk that fills up', () => {
  it('refuses to start on a full disk with one line and a non-zero exit', async () => {
    const filler = volume!.fill();
    try {
      const result = await runGenba(
        ['serve', '--demo', '--no-open', '--db', join(volume!.dir, 'start.sqlite')],
        60_000,
      );
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^genba: genba serve: cannot start: the disk holding .* is full/);
      expect(result.stdout).not.toMatch(/GENBA_URL/);
    } finally {
      rmSync(filler);
      rmSync(join(volume!.dir, 'start.sqlite'), { force: true });
    }
  }, 90_000);

  it('keeps every acknowledged write, reports disk_full and resumes logging when space returns', async () => {
    const dbPath = join(volume!.dir, 'x.sqlite');
    const genba = await startGenba(['--demo', '--db', dbPath, '--kiosk-role', 'care-staff']);
    let filler: string | null = null;
    try {
      const call = await connect(genba);
      const status = async () => {
        const result = await call('app.status');
        if (!result.ok) throw new Error(`app.status failed: ${result.error.code}`);
        return result.value as AppStatus;
      };
      const acknowledged: string[] = [];
      const refused: string[] = [];
      let n = 0;
      const setLanguage = async () => {
        const language = n++ % 2 ? 'ja' : 'en';
        const result = await call('settings.setLanguage', { language });
        if (result.ok) acknowledged.push(language);
        else refused.push(result.error.code);
      };

      await until('demo telemetry on disk', () => storedSamples(dbPath) > 0);
      expect((await status()).database.storage).toMatchObject({ state: 'ok', volume: volume!.dir });
      for (let i = 0; i < 5; i++) await setLanguage();

      filler = volume!.fill();
      let peakHeld = 0;
      const full = await until('app.status to report disk_full', async () => {
        await setLanguage();
        const storage = (await status()).database.storage;
        return storage.state === 'disk_full' ? storage : null;
      });
      expect(full.bytesFree).not.toBeNull();
      expect(full.message).toBeTruthy();
      // The demo keeps running: telemetry is held in memory while the disk is full.
      await until('telemetry held in memory', async () => {
        await setLanguage();
        peakHeld = Math.max(peakHeld, (await status()).database.storage.heldSamples);
        return peakHeld > 0;
      });
      expect(refused).toContain('disk_full');
      const storedWhileFull = storedSamples(dbPath);

      rmSync(filler);
      filler = null;
      await until(
        'app.status back to ok',
        async () => (await status()).database.storage.state === 'ok',
      );
      // Everything held while the disk was full reached the disk, and new telemetry follows.
      await until('logging to resume', () => storedSamples(dbPath) >= storedWhileFull + peakHeld);
      const afterResume = storedSamples(dbPath);
      await until('rows to keep growing', () => storedSamples(dbPath) > afterResume);
      for (let i = 0; i < 3; i++) await setLanguage();
      expect(acknowledged.length).toBeGreaterThan(5);

      await genba.stop();
      expect(genba.child.exitCode).toBe(0);
      const changes = readDb(dbPath, (db) =>
        (
          db
            .prepare(
              "SELECT after FROM audit WHERE action = 'setting.change' AND target = 'ui.language' ORDER BY id",
            )
            .all() as { after: string }[]
        ).map((row) => JSON.parse(row.after) as string),
      );
      // Exactly the acknowledged changes, in order: none lost, none of the refused ones written.
      expect(changes).toEqual(acknowledged);
    } finally {
      if (filler) rmSync(filler, { force: true });
      await genba.stop();
    }
  }, 180_000);
});
