/** Runs the teaching worker (its own process) for one demonstration; never blocks the caller's thread. */
import { forkLauncher, type ChildChannel, type ChildLauncher } from '../process/child-channel';
import type { Demonstration } from './demonstration';
import type { TeachResult } from './teach-pipeline';
import type { Teacher } from './teach-service';
import type { TeachWorkerReply, TeachWorkerRequest } from './teach.child';

/** The worker's entry (TypeScript in the repository; the bundled .cjs next to main.cjs when packaged). */
export const TEACH_WORKER_ENTRY = new URL('./teach.child.ts', import.meta.url);

export interface TeachRunnerOptions {
  packDir?: string;
  timeoutMs?: number;
  launch?: ChildLauncher;
}

/** One worker process per demonstration; `close` ends those still running (shutdown). */
export class TeachRunner implements Teacher {
  private readonly running = new Set<{ child: ChildChannel; exited: Promise<void> }>();
  private closed = false;

  constructor(private readonly options: TeachRunnerOptions = {}) {}

  teach(demo: Demonstration, name: string): Promise<TeachResult> {
    if (this.closed)
      return Promise.reject(new Error('The teaching model is shut down; Genba is closing.'));
    const options = this.options;
    const child = (options.launch ?? forkLauncher)(TEACH_WORKER_ENTRY);
    let exit: () => void = () => {};
    const entry = { child, exited: new Promise<void>((resolve) => (exit = resolve)) };
    this.running.add(entry);
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
        this.running.delete(entry);
        child.kill();
      });
      child.onExit((code, signal) => {
        this.running.delete(entry);
        exit();
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

  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.running];
    for (const { child } of running) child.kill();
    await Promise.all(running.map((r) => r.exited));
  }
}

export function teachInWorker(
  demo: Demonstration,
  name: string,
  options: TeachRunnerOptions = {},
): Promise<TeachResult> {
  return new TeachRunner(options).teach(demo, name);
}
