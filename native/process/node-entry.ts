/**
 * Worker threads and child processes start from their own entry files. In the repository those
 * are TypeScript run through tsx; in a packaged build they are bundled JavaScript. These give the
 * right way to start either, with tsx resolved absolutely so the cwd does not matter.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const isTypeScript = (file: string) => /\.(ts|mts|cts)$/.test(file);

/**
 * In the desktop bundle, `new URL('./x.ts', import.meta.url)` points next to main.cjs, where
 * electron/build.mjs writes the bundled `x.cjs` instead: use it when the TypeScript is absent.
 */
function resolveEntry(entry: URL | string): string {
  const filename = entry instanceof URL ? fileURLToPath(entry) : entry;
  if (!isTypeScript(filename) || existsSync(filename)) return filename;
  const bundled = filename.replace(/\.(ts|mts|cts)$/, '.cjs');
  return existsSync(bundled) ? bundled : filename;
}

/** For `child_process.fork`: tsx's loader via `--import` works for a process's main module. */
export function forkEntry(entry: URL | string): { filename: string; execArgv: string[] } {
  const filename = resolveEntry(entry);
  if (!isTypeScript(filename)) return { filename, execArgv: [] };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { filename, execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

/**
 * For `new Worker`: Node 20 checks a worker's entry extension before `--import` hooks apply, so a
 * TypeScript entry starts from a small bootstrap that registers tsx and then imports it.
 */
export function workerEntry(entry: URL | string): { filename: string; argv: string[] } {
  const filename = resolveEntry(entry);
  if (!isTypeScript(filename)) return { filename, argv: [] };
  const bootstrap = fileURLToPath(new URL('./tsx-worker-bootstrap.mjs', import.meta.url));
  return { filename: bootstrap, argv: [pathToFileURL(filename).href] };
}
