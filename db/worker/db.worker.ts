/**
 * The database thread. It owns the only better-sqlite3 connection, so a heavy query or a big
 * batch never blocks the UI or a robot's poll loop on the main thread. A full or failing disk
 * pauses logging instead of stopping the thread (storage-guard.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../database-errors';
import { createDbMethods, type DbMethods } from '../db-methods';
import { openDatabase } from '../open-database';
import type { DbWorkerInit, DbWorkerReply, DbWorkerRequest } from './db-worker-protocol';
import { openFault, StorageGuard } from './storage-guard';

const port = parentPort;
if (!port) throw new Error('db.worker.ts must run as a worker thread');
const init = workerData as DbWorkerInit;
const reply = (message: DbWorkerReply) => port.postMessage(message);

const guard = new StorageGuard({
  path: init.path,
  unwritten: () => methods?.unwrittenTelemetry() ?? 0,
  retry,
  publish: (health) => reply({ type: 'storage', health }),
});

function connect() {
  const connection = openDatabase(init.path, { readOnly: init.readOnly });
  const api = createDbMethods(connection, init.path, {
    // A timer's flush failed: the samples stay buffered and the guard pauses logging.
    onFlushError: (error) => void guard.failed(error),
  });
  return { connection, api };
}

let opened: ReturnType<typeof openDatabase> | undefined;
let methods: DbMethods | undefined;
try {
  ({ connection: opened, api: methods } = connect());
  reply({ type: 'ready', info: methods.info(), storage: guard.health() });
} catch (error) {
  reply({ type: 'open-failed', error: serializeError(openFault(error, init.path)) });
  process.exit(0);
}

/**
 * The guard's periodic try: write what is held (a real write), or, after an I/O error with
 * nothing held, reopen the connection. Returns whether something was written.
 */
function retry(): boolean {
  if (!opened || !methods) return false;
  if (methods.unwrittenTelemetry() > 0) return methods.flushTelemetry().samples > 0;
  if (guard.health().state === 'io_error') {
    const next = connect();
    methods.closeTelemetry();
    opened.db.close();
    opened.cleanup?.();
    ({ connection: opened, api: methods } = next);
  }
  opened.db.pragma('wal_checkpoint(PASSIVE)');
  return false;
}

port.on('message', (request: DbWorkerRequest) => {
  if (!opened || !methods) return;
  if (request.type === 'close') {
    guard.close();
    try {
      // Buffered telemetry (at most the last second) goes to disk before the connection closes.
      methods.closeTelemetry();
    } catch {
      // A full disk at shutdown: what is still held cannot be written anywhere.
    }
    opened.db.close();
    opened.cleanup?.();
    reply({ type: 'closed' });
    port.close();
    return;
  }
  const started = performance.now();
  try {
    if (!Object.hasOwn(methods, request.method)) {
      throw Object.assign(new Error(`Unknown database method ${request.method}`), {
        code: 'unknown-method',
      });
    }
    const refused = guard.refuse(request.method, request.args);
    if (refused) throw refused;
    const method = (methods as unknown as Record<string, (...args: unknown[]) => unknown>)[
      request.method
    ]!;
    const value = method(...request.args);
    reply({ type: 'result', id: request.id, value, durationMs: performance.now() - started });
  } catch (error) {
    reply({
      type: 'error',
      id: request.id,
      error: serializeError(guard.failed(error)),
      durationMs: performance.now() - started,
    });
  }
});
