/**
 * The database thread. It owns the only better-sqlite3 connection, so a heavy query or a big
 * batch never blocks the UI or a robot's poll loop on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../database-errors';
import { createDbMethods, type DbMethods } from '../db-methods';
import { openDatabase } from '../open-database';
import type { DbWorkerInit, DbWorkerReply, DbWorkerRequest } from './db-worker-protocol';

const port = parentPort;
if (!port) throw new Error('db.worker.ts must run as a worker thread');
const init = workerData as DbWorkerInit;
const reply = (message: DbWorkerReply) => port.postMessage(message);

let opened: ReturnType<typeof openDatabase>;
let methods: DbMethods;
try {
  opened = openDatabase(init.path, { readOnly: init.readOnly });
  methods = createDbMethods(opened, init.path);
  reply({ type: 'ready', info: methods.info() });
} catch (error) {
  reply({ type: 'open-failed', error: serializeError(error) });
  process.exit(0);
}

port.on('message', (request: DbWorkerRequest) => {
  if (request.type === 'close') {
    // Buffered telemetry (at most the last second) goes to disk before the connection closes.
    methods.closeTelemetry();
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
    const method = (methods as unknown as Record<string, (...args: unknown[]) => unknown>)[
      request.method
    ]!;
    const value = method(...request.args);
    reply({ type: 'result', id: request.id, value, durationMs: performance.now() - started });
  } catch (error) {
    reply({
      type: 'error',
      id: request.id,
      error: serializeError(error),
      durationMs: performance.now() - started,
    });
  }
});
