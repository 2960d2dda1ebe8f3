/**
 * Transport 1: Electron IPC. Every call is checked for its sender (our window, our origin) and
 * then handed to the same dispatcher browser mode uses, with the window's own session: the
 * dispatcher checks that session's role and validates the arguments.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiDispatcher } from '../server/api-dispatcher';
import type { ConnectionSession } from '../server/auth-session';
import { mayReceiveEvent } from '../shared/contract';
import type { EventHub } from '../server/event-hub';
import { isTrustedSenderUrl } from '../shared/app-origin';
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc-names';

export function attachIpc(
  window: BrowserWindow,
  dispatcher: ApiDispatcher,
  events: EventHub,
): () => void {
  // The window's session: who is signed in here. The renderer never names or sends it.
  let session = dispatcher.createSession('ipc');
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, args: unknown) => {
    if (event.sender !== window.webContents || !isTrustedSenderUrl(event.senderFrame?.url)) {
      return {
        ok: false,
        error: { code: 'untrusted-sender', message: 'This window may not use the Genba API.' },
      };
    }
    return dispatcher.dispatch(channel, args, session);
  });
  const send = (name: string, payload: unknown) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  };
  const replay = () => {
    for (const [name, payload] of events.snapshot()) {
      if (mayReceiveEvent(name, session.subject())) send(name, payload);
    }
  };
  const unsubscribe = events.subscribeAll((name, payload) => {
    if (mayReceiveEvent(name, session.subject())) send(name, payload);
  });
  const watch = (current: ConnectionSession) =>
    current.onChange((info) => {
      send('auth.session', info);
      replay();
    });
  let unwatch = watch(session);
  // A (re)loaded page starts signed out, like a new browser tab; then it gets the current state.
  window.webContents.on('did-start-navigation', (details) => {
    if (!details.isMainFrame || details.isSameDocument) return;
    unwatch();
    session.dispose();
    session = dispatcher.createSession('ipc');
    unwatch = watch(session);
  });
  window.webContents.on('did-finish-load', replay);
  return () => {
    unsubscribe();
    unwatch();
    session.dispose();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
