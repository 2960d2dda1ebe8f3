/**
 * Transport 1: Electron IPC. Every call is checked for its sender (our window, our origin) and
 * then handed to the same dispatcher browser mode uses, which validates the arguments.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiDispatcher } from '../server/api-dispatcher';
import type { EventHub } from '../server/event-hub';
import { isTrustedSenderUrl } from '../shared/app-origin';
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc-names';

export function attachIpc(
  window: BrowserWindow,
  dispatcher: ApiDispatcher,
  events: EventHub,
): () => void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, args: unknown) => {
    if (event.sender !== window.webContents || !isTrustedSenderUrl(event.senderFrame?.url)) {
      return {
        ok: false,
        error: { code: 'untrusted-sender', message: 'This window may not use the Genba API.' },
      };
    }
    return dispatcher.dispatch(channel, args);
  });
  const unsubscribe = events.subscribeAll((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  });
  // Replay the current state when the page (re)loads.
  window.webContents.on('did-finish-load', () => {
    for (const [name, payload] of events.snapshot())
      window.webContents.send(IPC_EVENT, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
