/**
 * One queue per bus: a transaction (request bytes out, reply bytes in) runs alone, so a poll
 * loop and a user command never interleave packets on the wire. Emergency work jumps the queue
 * and goes out next, ahead of anything waiting (the transaction already on the wire finishes
 * first; a half-sent packet would corrupt the bus).
 */
export type TransactionPriority = 'emergency' | 'user' | 'poll';

const RANK: Record<TransactionPriority, number> = { emergency: 0, user: 1, poll: 2 };

interface Pending {
  priority: TransactionPriority;
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  seq: number;
}

export class QueueClosedError extends Error {
  constructor() {
    super('The bus was closed before this command could be sent.');
    this.name = 'QueueClosedError';
  }
}

export class TransactionQueue {
  private waiting: Pending[] = [];
  private running = false;
  private closed = false;
  private seq = 0;

  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  run<T>(priority: TransactionPriority, transaction: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    return new Promise<T>((resolve, reject) => {
      const item: Pending = {
        priority,
        run: transaction,
        resolve: resolve as (value: unknown) => void,
        reject,
        seq: this.seq++,
      };
      // Stable insert by priority: FIFO within a priority.
      let index = this.waiting.findIndex((p) => RANK[p.priority] > RANK[priority]);
      if (index < 0) index = this.waiting.length;
      this.waiting.splice(index, 0, item);
      this.pump();
    });
  }

  /** Rejects everything still waiting; the running transaction is left to finish or time out. */
  close(): void {
    this.closed = true;
    const dropped = this.waiting.splice(0);
    for (const item of dropped) item.reject(new QueueClosedError());
  }

  /** Drops waiting poll transactions (e.g. after an emergency stop), keeping user commands. */
  dropPolls(): number {
    const before = this.waiting.length;
    const kept: Pending[] = [];
    for (const item of this.waiting) {
      if (item.priority === 'poll') item.reject(new QueueClosedError());
      else kept.push(item);
    }
    this.waiting = kept;
    return before - kept.length;
  }

  private pump(): void {
    if (this.running) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.running = true;
    void next
      .run()
      .then(next.resolve, next.reject)
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
