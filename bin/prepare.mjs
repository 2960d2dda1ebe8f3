// Runs after `npm ci`: builds the renderer so `./bin/genba serve` has a UI to serve.
// Skipped when the renderer sources are absent (e.g. a production install of a packaged app).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

if (existsSync(new URL('../renderer/vite.config.ts', import.meta.url))) {
  execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
}
