import { spawn } from 'node:child_process';

/** Opens a URL in the system browser when there is a display to show it on; otherwise does nothing. */
export function openInSystemBrowser(
  url: string,
  env = process.env,
  platform = process.platform,
): boolean {
  const command =
    platform === 'darwin'
      ? ['open', url]
      : platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : null;
  if (!command) return false;
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // No opener installed: the printed URL is enough.
  child.unref();
  return true;
}
