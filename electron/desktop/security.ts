/**
 * Electron's security checklist applied to every web contents the app ever creates: no
 * navigation away from the app, no new windows, no webviews, every permission request denied.
 */
import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from '../shared/app-origin';

/** Sites the UI links to for manuals; anything else is not opened at all. */
const DOCUMENTATION_HOSTS = new Set(['emanual.robotis.com', 'robotiq.com', 'github.com']);

export function isDocumentationUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && DOCUMENTATION_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}

export function applySecurityPolicy(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Serial ports, USB and HID belong to the main process; the page never gets a device chooser.
  session.defaultSession.setDevicePermissionHandler(() => false);
  session.defaultSession.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.defaultSession.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.defaultSession.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the system browser, never inside the app, and only to
      // known documentation sites over https (a compromised page cannot launch other handlers).
      if (isDocumentationUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
