/**
 * The seam between the app and its helper processes (the inference host, the teaching worker).
 * Under plain Node a helper is a `child_process.fork`; the desktop shell supplies a launcher over
 * Electron's `utilityProcess.fork` instead (a packaged app has no Node binary to fork, and the
 * RunAsNode fuse is off). Messages cross by structured clone either way, so typed arrays survive.
 */
import { fork } from 'node:child_process';
import { forkEntry } from './node-entry';

export interface ChildChannel {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts the helper whose entry is `entry` (a TypeScript source, or its bundled .cjs sibling). */
export type ChildLauncher = (entry: URL | string) => ChildChannel;

export const forkLauncher: ChildLauncher = (entry) => {
  const { filename, execArgv } = forkEntry(entry);
  const child = fork(filename, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    kill: () => child.kill('SIGKILL'),
  };
};
