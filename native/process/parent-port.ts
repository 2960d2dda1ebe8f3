/**
 * The helper's side of ChildChannel: Electron's utilityProcess delivers messages on
 * `process.parentPort` (wrapped as `{ data }`), a forked Node child on `process` itself.
 */
import type { MessageLink } from './request-reply';

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

export function onParentMessage(listener: (message: unknown) => void): void {
  if (electronPort) electronPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

export function sendToParent(message: unknown): void {
  if (electronPort) electronPort.postMessage(message);
  else process.send?.(message);
}

/** The parent as a request/reply link (request-reply.ts). */
export const parentLink: MessageLink = {
  send: (message) => sendToParent(message),
  onMessage: (listener) => onParentMessage(listener),
};
