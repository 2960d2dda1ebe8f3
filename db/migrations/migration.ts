import type { Database } from 'better-sqlite3';

/** A numbered schema step. `user_version` records the last one applied. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
