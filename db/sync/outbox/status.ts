/** What the admin sees of the outbox: queue volumes per category and the upload history. */
import type { Database } from 'better-sqlite3';
import { DONATION_CATEGORIES, type DonationCategory } from '../categories';
import { stmt } from '../statements';
import { ROW_FROM } from './rows';

export interface QueueVolume {
  category: DonationCategory;
  records: number;
  bytes: number;
  held: number;
  withheld: number;
}

export function queueVolumes(db: Database): QueueVolume[] {
  const queued = new Map(
    (
      stmt(
        db,
        "SELECT category, sum(records) AS n, sum(bytes) AS b FROM sync_outbox WHERE state IN ('pending', 'in-flight') GROUP BY category",
      ).all() as Array<{ category: string; n: number; b: number }>
    ).map((row) => [row.category, row]),
  );
  const held = new Map(
    (
      stmt(db, 'SELECT category, count(*) AS n FROM sync_held GROUP BY category').all() as Array<{
        category: string;
        n: number;
      }>
    ).map((row) => [row.category, row.n]),
  );
  const withheld = new Map(
    (
      stmt(db, 'SELECT category, records FROM sync_withheld').all() as Array<{
        category: string;
        records: number;
      }>
    ).map((row) => [row.category, row.records]),
  );
  return DONATION_CATEGORIES.map((category) => ({
    category,
    records: queued.get(category)?.n ?? 0,
    bytes: queued.get(category)?.b ?? 0,
    held: held.get(category) ?? 0,
    withheld: withheld.get(category) ?? 0,
  }));
}

export interface UploadHistoryEntry {
  batchId: string;
  state: 'in-flight' | 'sent' | 'quarantined';
  createdMs: number;
  finishedMs: number | null;
  records: number;
  rawBytes: number;
  gzipBytes: number | null;
  categories: Partial<Record<DonationCategory, number>>;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

export function uploadHistory(
  db: Database,
  limit: number,
  beforeMs?: number,
): UploadHistoryEntry[] {
  const rows = stmt(
    db,
    `SELECT * FROM sync_batches WHERE created_ms < ? ORDER BY created_ms DESC, id LIMIT ?`,
  ).all(beforeMs ?? Number.MAX_SAFE_INTEGER, limit) as Array<{
    id: string;
    state: UploadHistoryEntry['state'];
    created_ms: number;
    finished_ms: number | null;
    records: number;
    raw_bytes: number;
    gzip_bytes: number | null;
    categories: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
  }>;
  return rows.map((row) => ({
    batchId: row.id,
    state: row.state,
    createdMs: row.created_ms,
    finishedMs: row.finished_ms,
    records: row.records,
    rawBytes: row.raw_bytes,
    gzipBytes: row.gzip_bytes,
    categories: JSON.parse(row.categories) as UploadHistoryEntry['categories'],
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
  }));
}

export function lastUpload(db: Database): { finishedMs: number; records: number } | null {
  const row = stmt(
    db,
    "SELECT finished_ms, records FROM sync_batches WHERE state = 'sent' ORDER BY finished_ms DESC LIMIT 1",
  ).get() as { finished_ms: number; records: number } | undefined;
  return row ? { finishedMs: row.finished_ms, records: row.records } : null;
}

/** Test and audit helper: every line that is, or was, in the outbox in a given state (and still has its text). */
export function outboxLines(
  db: Database,
  states: readonly string[] = ['pending', 'in-flight', 'sent'],
): string[] {
  return (
    db
      .prepare(
        `SELECT coalesce(p.lines, o.line) AS line FROM ${ROW_FROM} WHERE o.state IN (${states.map(() => '?').join(',')}) AND coalesce(p.lines, o.line) != '' ORDER BY o.id`,
      )
      .all(...states) as Array<{ line: string }>
  ).flatMap((row) => row.line.split('\n'));
}
