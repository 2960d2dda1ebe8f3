import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DbClient } from '../../db/db-client';
import { DEFAULT_PACK_DIR } from '../../native/model/model-registry';
import { forkEntry } from '../../native/process/node-entry';
import releaseDefines from '../../electron/release-defines.json';
import { useTempDir } from '../helpers/temp-dir';
import { writeTestPack } from '../native/model/test-pack';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'out/electron');
const tempDir = useTempDir();

beforeAll(() => {
  execFileSync(process.execPath, ['electron/build.mjs'], { cwd: root, stdio: 'inherit' });
});

/** The Electron runtime cannot run here, so check what it would load: the bundles themselves. */
describe('desktop bundles', () => {
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

describe('model-pack trust in the packaged app', () => {
  /** Runs the probe bundled with the given defines and returns what it printed. */
  async function probe(define: Record<string, string>, developmentPack: string) {
    const outfile = join(tempDir(), 'probe.mjs');
    await build({
      entryPoints: [join(root, 'tests/electron/release-trust-probe.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'warning',
      define: { ...define, 'import.meta.dirname': JSON.stringify(join(root, 'native/model')) },
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    const printed = execFileSync(process.execPath, [outfile, developmentPack, DEFAULT_PACK_DIR], {
      encoding: 'utf8',
    });
    return JSON.parse(printed) as Record<string, unknown>;
  }

  it('refuses a development-signed pack, even when asked, and keeps the bundled pack', async () => {
    const developmentPack = join(tempDir(), 'blinded');
    await writeTestPack(developmentPack, { name: 'genba-diagnostics', version: '9.9.9' });
    // The same code bundled without the release defines is a development build: it accepts.
    expect(await probe({}, developmentPack)).toEqual({
      release: false,
      demoWithOptIn: true,
      developmentPack: 'accepted',
      bundledPack: 'accepted',
    });
    expect(await probe(releaseDefines, developmentPack)).toEqual({
      release: true,
      demoWithOptIn: false,
      developmentPack: 'untrusted-key',
      bundledPack: 'accepted',
    });
  });

  it('the desktop bundle is built with the release defines', () => {
    const main = readFileSync(join(out, 'main.cjs'), 'utf8');
    expect(main).not.toContain('__GENBA_RELEASE_BUILD__');
    expect(main).toContain('only development builds and the demo facility accept it');
  });
});
