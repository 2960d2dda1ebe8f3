/** A small pool of simulation workers (one per core, two here). */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../process/node-entry';
import type { SimJob } from './sim.worker';

export class SimPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: {
    job: SimJob;
    resolve: (v: unknown) => void;
    reject: (e: Error) => void;
  }[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;

  constructor(size = Math.min(2, availableParallelism())) {
    const entry = workerEntry(new URL('./sim.worker.ts', import.meta.url));
    for (let i = 0; i < size; i++) {
      const worker = new Worker(entry.filename, { argv: entry.argv });
      worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
        this.idle.push(worker);
        this.pump();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run<T>(job: SimJob): Promise<T> {
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
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
