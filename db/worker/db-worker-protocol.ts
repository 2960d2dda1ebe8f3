import type { SerializedError } from '../database-errors';
import type { DatabaseInfo } from '../db-methods';
import type { StorageHealth } from '../../native/domain';

/**
 * What crosses the worker boundary besides the calls, which are native/process/request-reply.ts
 * requests and replies (errors as `{ code, message, name }`, rebuilt on arrival).
 */
export interface DbWorkerInit {
  path: string;
  readOnly: boolean;
}

/** Main thread → worker: checkpoint and close after every call already sent. */
export interface DbWorkerClose {
  type: 'close';
}

/** Worker → main thread. */
export type DbWorkerNotice =
  | { type: 'ready'; info: DatabaseInfo; storage: StorageHealth }
  /** Sent when the disk's state changes, and every retry while logging is paused. */
  | { type: 'storage'; health: StorageHealth }
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'closed' };
