/** Runs the teaching worker (its own process) for one demonstration; never blocks the caller's thread. */
import { forkLauncher, type ChildChannel, type ChildLauncher } from '../process/child-channel';
import { Requester } from '../process/request-reply';
import type { Demonstration } from './demonstration';
import type { TeachResult } from './teach-pipeline';
import type { Teacher } from './teach-service';
import type { TeachWorkerApi } from './teach.child';

/** The worker's entry (TypeScript in the repository; the bundled .cjs next to main.cjs when packaged). */
export const TEACH_WORKER_ENTRY = new URL('./teach.child.ts', import.meta.url);

export interface TeachRunnerOptions {
  packDir?: string;
  timeoutMs?: number;
  launch?: ChildLauncher;
}

/** One worker process per demonstration; `close` ends those still running (shutdown). */
export class TeachRunner implements Teacher {
  private readonly running = new Map<ChildChannel, Promise<void>>();
  private closed = false;

  constructor(private readonly options: TeachRunnerOptions = {}) {}

  async teach(demo: Demonstration, name: string): Promise<TeachResult> {
    if (this.closed) throw new Error('The teaching model is shut down; Genba is closing.');
    const child = (this.options.launch ?? forkLauncher)(TEACH_WORKER_ENTRY);
    const worker = new Requester<TeachWorkerApi>(child, {
      timeoutMs: this.options.timeoutMs ?? 60_000,
      timeoutError: () =>
        new Error('The teaching model did not answer within a minute; try again.'),
      toError: (error) =>
        new Error(`The teaching model could not read the demonstration: ${error.message}`),
    });
    this.running.set(
      child,
      new Promise<void>((resolve) =>
        child.onExit((code, signal) => {
          this.running.delete(child);
          worker.fail(new Error(`The teaching model stopped unexpectedly (${code ?? signal}).`));
          resolve();
        }),
      ),
    );
    try {
      return await worker.call(
        'teach',
        this.options.packDir ? [demo, name, this.options.packDir] : [demo, name],
      );
    } finally {
      // A utility process waits to be ended; a forked child is on its way out.
      this.running.delete(child);
      child.kill();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.running];
    for (const [child] of running) child.kill();
    await Promise.all(running.map(([, exited]) => exited));
  }
}

export function teachInWorker(
  demo: Demonstration,
  name: string,
  options: TeachRunnerOptions = {},
): Promise<TeachResult> {
  return new TeachRunner(options).teach(demo, name);
}
