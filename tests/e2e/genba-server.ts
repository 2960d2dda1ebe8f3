/**
 * Starts the real `./bin/genba serve` for end-to-end tests and reads the URL it prints, and makes
 * sure the renderer bundle it serves is built from the current sources.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningGenba {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds out/renderer when it is missing or older than the renderer sources. */
export function ensureRendererBuilt(): void {
  const built = join(ROOT, 'out/renderer/index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'renderer/src')),
    newestMtime(join(ROOT, 'renderer/index.html')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

export function startGenba(
  args: string[],
  timeoutMs = 45_000,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningGenba> {
  const child = spawn(join(ROOT, 'bin/genba'), ['serve', '--port', '0', '--no-open', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<RunningGenba>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`genba serve printed no GENBA_URL within ${timeoutMs} ms\n${output()}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /^GENBA_URL=(\S+)$/m.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, output, stop });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`genba serve exited early (${code ?? signal})\n${output()}`));
    });
  });
}

/** Debian's Chromium may still be being installed by apt when the tests start. */
export async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
