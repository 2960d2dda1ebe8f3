/**
 * The main thread's handle on the database worker: typed calls that return promises (over
 * native/process/request-reply.ts, as the helper processes use), errors rebuilt with their
 * codes, a slow-query log, the disk's state as the worker last reported it (`disk_full` /
 * `io_error` refusals arrive as errors with those codes), and a close that drains what is in
 * flight.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../native/process/node-entry';
import { portLink, Requester } from '../native/process/request-reply';
import type { StorageHealth, TelemetryBatch } from '../native/domain';
import { DatabaseError, deserializeError } from './database-errors';
import { batchToColumns, columnBuffers } from './telemetry/batch-columns';
import type { DatabaseInfo, DbMethodName, DbMethods } from './db-methods';
import type { DbWorkerClose, DbWorkerInit, DbWorkerNotice } from './worker/db-worker-protocol';

export interface DbClientOptions {
  path: string;
  readOnly?: boolean;
  /** Bundled builds pass their compiled worker; the repository runs the TypeScript one. */
  workerScript?: string;
  /** Calls slower than this are reported (default 100 ms). */
  slowQueryMs?: number;
  onSlowQuery?: (method: string, durationMs: number) => void;
}

export class DbClient {
  private readonly requester: Requester<DbMethods>;
  private closing: Promise<void> | null = null;
  private exited = false;
  private storageListeners = new Set<(health: StorageHealth) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly info: DatabaseInfo,
    private health: StorageHealth,
    options: DbClientOptions,
  ) {
    this.requester = new Requester<DbMethods>(portLink(worker), {
      toError: (error) => deserializeError({ name: 'DatabaseError', ...error }),
      onReply: ({ method, durationMs }) => {
        if (durationMs > (options.slowQueryMs ?? 100)) options.onSlowQuery?.(method, durationMs);
      },
    });
    worker.on('message', (message: DbWorkerNotice) => this.notice(message));
    worker.on('error', (error) => this.requester.rejectAll(error));
    worker.on('exit', () => {
      this.exited = true;
      this.requester.fail(
        new DatabaseError('database-worker-exited', 'The database worker stopped.'),
      );
    });
  }

  static open(options: DbClientOptions): Promise<DbClient> {
    const entry = workerEntry(
      options.workerScript ?? new URL('./worker/db.worker.ts', import.meta.url),
    );
    const init: DbWorkerInit = { path: options.path, readOnly: options.readOnly ?? false };
    const worker = new Worker(entry.filename, { workerData: init, argv: entry.argv });
    return new Promise((resolve, reject) => {
      const onMessage = (message: DbWorkerNotice) => {
        worker.off('error', onError);
        worker.off('message', onMessage);
        if (message.type === 'ready') {
          resolve(new DbClient(worker, message.info, message.storage, options));
        } else if (message.type === 'open-failed') reject(deserializeError(message.error));
        else reject(new DatabaseError('database-worker-protocol', 'Unexpected first message.'));
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  }

  call<M extends DbMethodName>(
    method: M,
    ...args: Parameters<DbMethods[M]>
  ): Promise<ReturnType<DbMethods[M]>> {
    if (this.closing) {
      return Promise.reject(
        new DatabaseError('database-closed', 'The database is closed; the app is shutting down.'),
      );
    }
    if (this.exited) {
      return Promise.reject(
        new DatabaseError(
          'database-worker-exited',
          'The database worker stopped unexpectedly; restart Genba to keep logging.',
        ),
      );
    }
    if (method === 'appendTelemetry') {
      // Sample objects become typed columns whose buffers move to the worker without a copy
      // (a structured clone of every object cost the main thread up to tens of ms per burst).
      const columns = batchToColumns(args[0] as TelemetryBatch);
      if (columns) {
        return this.requester.call('appendTelemetryColumns', [columns], {
          transfer: columnBuffers(columns),
        }) as Promise<ReturnType<DbMethods[M]>>;
      }
    }
    return this.requester.call(method, args as never) as Promise<ReturnType<DbMethods[M]>>;
  }

  /** Waits for every call already sent, then closes the connection (checkpointing the WAL). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.exited) return;
      const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      // The worker handles messages in order, so 'close' runs after every pending call.
      this.worker.postMessage({ type: 'close' } satisfies DbWorkerClose);
      await closed;
    })();
    return this.closing;
  }

  /** The disk under the database: ok, or why logging is paused and how much room is left. */
  get storage(): StorageHealth {
    return this.health;
  }

  /** Called whenever the worker reports the disk's state (each retry while paused). */
  onStorageChange(listener: (health: StorageHealth) => void): () => void {
    this.storageListeners.add(listener);
    return () => this.storageListeners.delete(listener);
  }

  private notice(message: DbWorkerNotice): void {
    if (message.type !== 'storage') return;
    this.health = message.health;
    for (const listener of this.storageListeners) listener(message.health);
  }
}
