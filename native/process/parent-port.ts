/**
 * The helper's side of ChildChannel: Electron's utilityProcess delivers messages on
 * `process.parentPort` (wrapped as `{ data }`), a forked Node child on `process` itself.
 */
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

/**
 * A one-shot helper's last message. A forked child exits once the message is handed over; a
 * utility process is ended by the app when the message arrives (exiting here could drop it).
 */
export function sendFinalToParent(message: unknown): void {
  if (electronPort) electronPort.postMessage(message);
  else if (process.send) process.send(message, undefined, undefined, () => process.exit(0));
  else process.exit(0);
}
