/** Where each sync job left off (`sync_cursors`): written in the transaction of the work it marks. */
import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

export function cursor(db: Database, source: string): string | null {
  const row = stmt(db, 'SELECT position FROM sync_cursors WHERE source = ?').get(source) as
    { position: string } | undefined;
  return row?.position ?? null;
}

export function setCursor(db: Database, source: string, position: string): void {
  stmt(
    db,
    `INSERT INTO sync_cursors (source, position) VALUES (?, ?)
     ON CONFLICT (source) DO UPDATE SET position = excluded.position`,
  ).run(source, position);
}
