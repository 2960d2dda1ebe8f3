/** The state of the disk under the operational log, as the db worker sees it. */
export const STORAGE_STATES = ['ok', 'disk_full', 'io_error'] as const;
export type StorageState = (typeof STORAGE_STATES)[number];

export interface StorageHealth {
  state: StorageState;
  /** The mount point (or drive) holding the database file. */
  volume: string;
  /** Free bytes on that volume for this user; null when the platform cannot tell. */
  bytesFree: number | null;
  /** Telemetry samples accepted but not yet on disk (kept in memory until space returns). */
  heldSamples: number;
  /** Telemetry samples refused since start because the memory bound was reached. */
  droppedSamples: number;
  /** The last storage error's text while not ok. */
  message?: string;
}
