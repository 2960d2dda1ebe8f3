/**
 * Helper processes in the desktop app: Electron's utilityProcess (a Node-enabled child without a
 * separate Node binary; `child_process.fork` would need the RunAsNode fuse, which is off). Same
 * ChildChannel as `child_process.fork` under plain Node; the entries are the bundled .cjs files
 * electron/build.mjs writes next to main.cjs.
 */
import { utilityProcess } from 'electron';
import { basename } from 'node:path';
import type { ChildLauncher } from '../../native/process/child-channel';
import { forkEntry } from '../../native/process/node-entry';

export const utilityLauncher: ChildLauncher = (entry) => {
  const { filename } = forkEntry(entry);
  const child = utilityProcess.fork(filename, [], {
    serviceName: `genba-${basename(filename).replace(/\.c?js$/, '')}`,
    stdio: 'inherit',
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    // utilityProcess reports an exit code only; a crash shows as a non-zero code.
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => void child.kill(),
  };
};
