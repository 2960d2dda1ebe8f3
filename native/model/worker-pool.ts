/**
 * A small pool of worker threads running one entry file; jobs go to whichever is idle. The worker
 * side of the same messages is `answerPoolJobs`, called once by the entry file.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { workerEntry } from '../process/node-entry';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class WorkerPool<Job> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: (Pending & { job: Job })[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;

  constructor(entry: URL, size = Math.min(2, availableParallelism())) {
    const start = workerEntry(entry);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(start.filename, { argv: start.argv });
      worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
        this.idle.push(worker);
        this.pump();
      });
      // A worker that dies takes the run with it: fail every job now rather than hang.
      const fail = (error: Error) => {
        for (const p of [...this.pending.values(), ...this.queue]) p.reject(error);
        this.pending.clear();
        this.queue.length = 0;
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) fail(new Error(`A pool worker exited with code ${code}.`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run<T>(job: Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop();
      const next = this.queue.shift();
      if (!worker || !next) return;
      const id = this.nextId++;
      this.pending.set(id, next);
      worker.postMessage({ id, job: next.job });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** In a pool's worker thread: answers each job with its result, or with the error's stack. */
export function answerPoolJobs<Job>(handle: (job: Job) => Promise<unknown>): void {
  parentPort?.on('message', (message: { id: number; job: Job }) => {
    handle(message.job).then(
      (result) => parentPort?.postMessage({ id: message.id, result }),
      (error: unknown) =>
        parentPort?.postMessage({
          id: message.id,
          error: String((error as Error)?.stack ?? error),
        }),
    );
  });
}
