import type { SerializedError } from '../database-errors';
import type { DatabaseInfo } from '../db-methods';
import type { StorageHealth } from '../../native/domain';

/** Messages across the worker boundary. Errors travel as plain data and are rebuilt on arrival. */
export interface DbWorkerInit {
  path: string;
  readOnly: boolean;
}

export type DbWorkerRequest =
  { type: 'call'; id: number; method: string; args: unknown[] } | { type: 'close' };

export type DbWorkerReply =
  | { type: 'ready'; info: DatabaseInfo; storage: StorageHealth }
  /** Sent when the disk's state changes, and every retry while logging is paused. */
  | { type: 'storage'; health: StorageHealth }
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown; durationMs: number }
  | { type: 'error'; id: number; error: SerializedError; durationMs: number }
  | { type: 'closed' };
