/** Runs the teaching worker (its own process) for one demonstration; never blocks the caller's thread. */
import { fork } from 'node:child_process';
import { forkEntry } from '../process/node-entry';
import type { Demonstration } from './demonstration';
import type { TeachResult } from './teach-pipeline';
import type { TeachWorkerReply, TeachWorkerRequest } from './teach-worker';

export function teachInWorker(
  demo: Demonstration,
  name: string,
  options: { packDir?: string; timeoutMs?: number } = {},
): Promise<TeachResult> {
  const { filename, execArgv } = forkEntry(new URL('./teach-worker.ts', import.meta.url));
  const child = fork(filename, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<TeachResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('The teaching model did not answer within a minute; try again.'));
    }, options.timeoutMs ?? 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      const reply = message as TeachWorkerReply;
      if (reply.ok) resolve(reply.result);
      else
        reject(new Error(`The teaching model could not read the demonstration: ${reply.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The teaching model stopped unexpectedly (${code ?? signal}).`));
    });
    const request: TeachWorkerRequest = {
      demo,
      name,
      ...(options.packDir ? { packDir: options.packDir } : {}),
    };
    child.send(request);
  });
}
