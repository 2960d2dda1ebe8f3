/** Runs the teaching worker (its own process) for one demonstration; never blocks the caller's thread. */
import { forkLauncher, type ChildLauncher } from '../process/child-channel';
import type { Demonstration } from './demonstration';
import type { TeachResult } from './teach-pipeline';
import type { TeachWorkerReply, TeachWorkerRequest } from './teach.child';

/** The worker's entry (TypeScript in the repository; the bundled .cjs next to main.cjs when packaged). */
export const TEACH_WORKER_ENTRY = new URL('./teach.child.ts', import.meta.url);

export function teachInWorker(
  demo: Demonstration,
  name: string,
  options: { packDir?: string; timeoutMs?: number; launch?: ChildLauncher } = {},
): Promise<TeachResult> {
  const child = (options.launch ?? forkLauncher)(TEACH_WORKER_ENTRY);
  return new Promise<TeachResult>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const timer = setTimeout(() => {
      child.kill();
      settle(() =>
        reject(new Error('The teaching model did not answer within a minute; try again.')),
      );
    }, options.timeoutMs ?? 60_000);
    child.onMessage((message) => {
      const reply = message as TeachWorkerReply;
      settle(() => {
        if (reply.ok) resolve(reply.result);
        else
          reject(
            new Error(`The teaching model could not read the demonstration: ${reply.message}`),
          );
      });
      // A utility process waits to be ended; a forked child is already on its way out.
      child.kill();
    });
    child.onExit((code, signal) => {
      settle(() =>
        reject(new Error(`The teaching model stopped unexpectedly (${code ?? signal}).`)),
      );
    });
    const request: TeachWorkerRequest = {
      demo,
      name,
      ...(options.packDir ? { packDir: options.packDir } : {}),
    };
    child.send(request);
  });
}
