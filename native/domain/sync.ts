/** The data categories an admin may donate, each switched on or off on its own (opt-in). */
export const SYNC_CATEGORIES = [
  'fault-episodes',
  'task-outcomes',
  'robot-configuration',
  'telemetry-rollups',
  'demonstrations',
] as const;
export type SyncCategory = (typeof SYNC_CATEGORIES)[number];
