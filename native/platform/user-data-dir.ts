import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The OS user-data folder, matching Electron's `app.getPath('userData')` for product "Genba",
 * so the desktop app, `genba serve` and the CLI share one database by default.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Genba');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Genba');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Genba');
}

export function defaultDatabasePath(): string {
  return join(userDataDir(), 'genba.sqlite');
}
