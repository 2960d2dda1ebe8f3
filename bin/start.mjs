// `npm start`: the desktop app where the Electron runtime is installed, otherwise the same UI in
// the system browser (browser mode), with a one-line explanation. Extra arguments pass through.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron'); // The binary's path, or throws.
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const run = (command, commandArgs) =>
  spawn(command, commandArgs, { cwd: root, stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );

const electron = electronBinary();
if (electron) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  run(electron, ['.', ...args]);
} else {
  console.log(
    'Electron runtime not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); starting Genba in browser mode instead.',
  );
  if (!existsSync(new URL('../out/renderer/index.html', import.meta.url))) {
    spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  }
  run(process.execPath, [fileURLToPath(new URL('./genba', import.meta.url)), 'serve', ...args]);
}
