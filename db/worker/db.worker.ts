/**
 * The database thread. It owns the only better-sqlite3 connection, so a heavy query or a big
 * batch never blocks the UI or a robot's poll loop on the main thread. A full or failing disk
 * pauses logging instead of stopping the thread (storage-guard.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { portLink, serveRequests } from '../../native/process/request-reply';
import { serializeError } from '../database-errors';
import { createDbMethods, type DbMethods } from '../db-methods';
import { openDatabase } from '../open-database';
import type { DbWorkerClose, DbWorkerInit, DbWorkerNotice } from './db-worker-protocol';
import { openFault, StorageGuard } from './storage-guard';

const port = parentPort;
if (!port) throw new Error('db.worker.ts must run as a worker thread');
const init = workerData as DbWorkerInit;
const reply = (message: DbWorkerNotice) => port.postMessage(message);

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

/**
 * Each method by name, looked up at call time (a reconnect replaces `methods`); a write the guard
 * refuses while the disk is full fails with its code before it reaches SQLite.
 */
const handlers = Object.fromEntries(
  Object.keys(methods ?? {}).map((name) => [
    name,
    (...args: unknown[]) => {
      const refused = guard.refuse(name, args);
      if (refused) throw refused;
      return (methods as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
    },
  ]),
);

// Every method is synchronous, so each call is answered before the next message is read.
serveRequests(portLink(port), handlers, {
  toWireError: (error) => serializeError(guard.failed(error)),
});

port.on('message', (message: DbWorkerClose | { type?: undefined }) => {
  if (message.type !== 'close' || !opened || !methods) return;
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
});
