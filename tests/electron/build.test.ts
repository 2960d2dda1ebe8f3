import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import { DbClient } from '../../db/db-client';
import { forkEntry } from '../../native/process/node-entry';
import { useTempDir } from '../helpers/temp-dir';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'out/electron');
const tempDir = useTempDir();

/** The Electron runtime cannot run here, so check what it would load: the bundles themselves. */
describe('desktop bundles', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['electron/build.mjs'], { cwd: root, stdio: 'inherit' });
  });

  it('the preload requires nothing but electron and exposes one API object', () => {
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    const required = new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('the main bundle never loads native modules on the main thread', () => {
    const main = readFileSync(join(out, 'main.cjs'), 'utf8');
    expect(main).not.toContain('require("better-sqlite3")');
    expect(main).toContain('sandbox: true');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('nodeIntegration: false');
  });

  it('child-process entries resolve to their bundles next to main.cjs', () => {
    for (const name of ['inference-host.child', 'teach.child']) {
      // What `new URL('./<name>.ts', import.meta.url)` becomes inside main.cjs.
      const entry = forkEntry(pathToFileURL(join(out, `${name}.ts`)));
      expect(entry).toEqual({ filename: join(out, `${name}.cjs`), execArgv: [] });
    }
  });

  it('the bundled database worker opens and serves a real database', async () => {
    const db = await DbClient.open({
      path: join(tempDir(), 'genba.sqlite'),
      workerScript: join(out, 'db.worker.cjs'),
    });
    await db.call('appendEvent', {
      tMs: 1,
      kind: 'system',
      severity: 'info',
      text: 'bundled worker',
    });
    expect(await db.call('countEvents')).toBe(1);
    await db.close();
  });
});
