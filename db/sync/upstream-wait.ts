/**
 * The time before which the upstream asked not to be sent anything (its Retry-After), one row.
 * Writers cap it; readers clamp it again, so a clock set backwards cannot park uploads for long.
 */
import type { Database } from 'better-sqlite3';

export interface UpstreamWait {
  notBeforeMs: number;
  /** The HTTP status that asked for the wait (429, 503). */
  status: number | null;
}

export function readUpstreamWait(db: Database, nowMs: number, capMs: number): UpstreamWait | null {
  const row = db
    .prepare('SELECT not_before_ms AS notBeforeMs, status FROM sync_upstream_wait WHERE id = 1')
    .get() as UpstreamWait | undefined;
  if (!row || row.notBeforeMs <= nowMs) return null;
  return { notBeforeMs: Math.min(row.notBeforeMs, nowMs + capMs), status: row.status };
}

export function writeUpstreamWait(
  db: Database,
  wait: { notBeforeMs: number; status: number | null; nowMs: number },
): void {
  db.prepare(
    `INSERT INTO sync_upstream_wait (id, not_before_ms, status, set_ms) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET not_before_ms = excluded.not_before_ms,
       status = excluded.status, set_ms = excluded.set_ms`,
  ).run(Math.trunc(wait.notBeforeMs), wait.status, Math.trunc(wait.nowMs));
}
