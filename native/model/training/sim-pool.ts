/** The pool of simulation workers that training and its evaluation run scenarios on. */
import { WorkerPool } from '../worker-pool';
import type { SimJob } from './sim.worker';

export type SimPool = WorkerPool<SimJob>;

export function simPool(): SimPool {
  return new WorkerPool<SimJob>(new URL('./sim.worker.ts', import.meta.url));
}
