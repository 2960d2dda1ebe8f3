/**
 * The desktop shell's entry: single instance, security policy, app:// protocol, one window, IPC,
 * and an orderly shutdown (drain the database worker, close serial ports) before quitting.
 * Everything it runs is composed in ../server/app-services.ts, shared with browser mode.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAppServices, type AppServices } from '../server/app-services';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { installAppMenu } from './app-menu';
import { attachIpc } from './ipc-adapter';
import { createMainWindow } from './main-window';
import { createLogFileChooser, createReportPdfRenderer } from './report-pdf';
import { applySecurityPolicy } from './security';
import { utilityLauncher } from './utility-launcher';

const here = __dirname; // Bundled to CommonJS by electron/build.mjs.

// Every renderer is sandboxed, including any created by a library.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  void start();
}

async function start(): Promise<void> {
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  await app.whenReady();
  applySecurityPolicy();
  serveAppProtocol(join(here, '..', 'renderer'));
  installAppMenu();

  const dbFlag = process.argv.indexOf('--db');
  const dbPath = dbFlag > 0 ? process.argv[dbFlag + 1] : undefined;
  mkdirSync(app.getPath('userData'), { recursive: true });
  let services: AppServices;
  try {
    services = await createAppServices({
      dbPath: dbPath ?? join(app.getPath('userData'), 'genba.sqlite'),
      demo: process.argv.includes('--demo'),
      transport: 'ipc',
      electronVersion: process.versions.electron,
      appVersion: { name: app.getName(), version: app.getVersion() },
      dbWorkerScript: join(here, 'db.worker.cjs'),
      launchChild: utilityLauncher,
      log: (line) => console.warn(line),
      logs: {
        renderReportPdf: createReportPdfRenderer(),
        chooseLogFile: createLogFileChooser(() => window),
      },
    });
  } catch (error) {
    dialog.showErrorBox('Genba cannot start', (error as Error).message);
    app.exit(1);
    return;
  }

  window = createMainWindow(join(here, 'preload.cjs'));
  const detachIpc = attachIpc(window, services.dispatcher, services.events);

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    detachIpc();
    void services.shutdown().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
}
