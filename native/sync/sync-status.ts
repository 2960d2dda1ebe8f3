/** What the sync service reports about itself: its state, the queue by category, the last problem. */
import type { DonationCategory } from '../../db/sync/categories';
import type { SyncProblem } from './problems';

export type SyncState =
  | 'starting'
  | 'idle'
  | 'uploading'
  | 'waiting'
  | 'paused'
  | 'offline'
  | 'not-configured'
  | 'unauthorized';

export interface SyncQueueEntry {
  category: DonationCategory;
  label: { en: string; ja: string };
  enabled: boolean;
  changedMs: number | null;
  actor: string | null;
  records: number;
  bytes: number;
  held: number;
  withheld: number;
}

export interface SyncStatusSnapshot {
  state: SyncState;
  /** Link up and the endpoint answered the last probe. */
  online: boolean;
  networkLink: boolean;
  /** null until the endpoint has been probed (or when none is set). */
  endpointReachable: boolean | null;
  paused: boolean;
  endpoint: { url: string; tokenSet: boolean } | null;
  bandwidthBytesPerSecond: number;
  queue: SyncQueueEntry[];
  lastUpload: { finishedMs: number; records: number } | null;
  /** What is wrong now, in plain words; null when nothing is. */
  problem: SyncProblem | null;
  lastCheckedMs: number | null;
  nextAttemptMs: number | null;
  uploadedThisSession: { batches: number; records: number; gzipBytes: number };
}
