/**
 * The desktop shell's pieces of the Logs area: the shift report as a PDF (a hidden, sandboxed
 * window renders the report page, `#/report-print`, with the report data handed over, then
 * webContents.printToPDF) and the file dialog of "Open log file…". Kept thin: the data comes
 * from the db worker through log-handlers.ts; the page is the same one browser mode prints.
 */
import { BrowserWindow, dialog } from 'electron';
import type { ReportPdfInput } from '../server/log-handlers';
import { APP_ENTRY_URL } from '../shared/app-origin';

export function createReportPdfRenderer(): (input: ReportPdfInput) => Promise<Uint8Array> {
  return async (input) => {
    const window = new BrowserWindow({
      show: false,
      width: 1000,
      height: 1400,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // No preload and nothing clickable, but the same hardening as the main window.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    try {
      await window.loadURL(`${APP_ENTRY_URL}#/report-print`);
      // Resolves once the page has rendered the report (fonts loaded).
      await window.webContents.executeJavaScript(
        `window.genbaRenderReport(${JSON.stringify(input)})`,
      );
      const pdf = await window.webContents.printToPDF({
        printBackground: true,
        preferCSSPageSize: true,
      });
      return new Uint8Array(pdf);
    } finally {
      window.destroy();
    }
  };
}

export function createLogFileChooser(parent: () => BrowserWindow | null) {
  return async (): Promise<string | null> => {
    const options: Electron.OpenDialogOptions = {
      title: 'Open log file',
      properties: ['openFile'],
      filters: [
        { name: 'Genba log', extensions: ['sqlite', 'db', 'genba'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const owner = parent();
    const result = owner
      ? await dialog.showOpenDialog(owner, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
