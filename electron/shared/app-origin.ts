/**
 * The desktop UI is served from `app://genba/`. These pure checks decide which IPC senders are
 * trusted and which files the protocol may serve; they are unit-tested without Electron.
 */
import { normalize, sep, join } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'genba';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Only a frame showing our own UI may call the API (not a navigated-away or embedded frame). */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Maps an `app://genba/…` URL to a file under `root`, or null when it would escape it. */
export function resolveAppAsset(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = normalize(pathname === '/' || pathname === '' ? '/index.html' : pathname);
  const file = join(root, relative);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}
