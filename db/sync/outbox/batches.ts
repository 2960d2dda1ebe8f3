/** The batch state machine of index.ts: pending rows go out in flight, then sent or quarantined. */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { DonationCategory } from '../categories';
import { consentedCategories } from '../consent';
import { stmt } from '../statements';
import { insertRow, ROW_COLUMNS, ROW_FROM, type OutboxRow } from './rows';

export interface BatchLimits {
  /** Uncompressed body cap in bytes (at least one record is always taken). */
  maxBytes: number;
  maxRecords: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 1 << 20, maxRecords: 10_000 };

export interface PreparedBatch {
  id: string;
  body: Buffer;
  records: number;
  categories: Partial<Record<DonationCategory, number>>;
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

const NEWLINE = Buffer.from('\n');

/** NDJSON: each row's stored UTF-8 text, then a newline. */
function bodyOfRows(rows: readonly OutboxRow[]): Buffer {
  const parts: Buffer[] = [];
  for (const row of rows) parts.push(row.text, NEWLINE);
  return Buffer.concat(parts);
}

function batchFromRows(rows: readonly OutboxRow[]): PreparedBatch {
  const body = bodyOfRows(rows);
  const categories: Partial<Record<DonationCategory, number>> = {};
  let records = 0;
  for (const row of rows) {
    categories[row.category] = (categories[row.category] ?? 0) + row.records;
    records += row.records;
  }
  return { id: sha256Hex(body), body, records, categories };
}

/** The pending rows the next batch would take: priority order, within the limits. */
function selectPending(db: Database, limits: BatchLimits): OutboxRow[] {
  const consented = new Set(consentedCategories(db));
  const rows: OutboxRow[] = [];
  let bytes = 0;
  let records = 0;
  const iterator = stmt(
    db,
    `SELECT ${ROW_COLUMNS} FROM ${ROW_FROM} WHERE o.state = 'pending' ORDER BY o.priority, o.id`,
  ).iterate() as IterableIterator<OutboxRow>;
  for (const row of iterator) {
    if (!consented.has(row.category)) continue;
    if (
      rows.length > 0 &&
      (bytes + row.bytes + 1 > limits.maxBytes || records + row.records > limits.maxRecords)
    ) {
      iterator.return?.();
      break;
    }
    rows.push(row);
    bytes += row.bytes + 1;
    records += row.records;
  }
  return rows;
}

/** A batch's rows in the order its body was built: priority, then id (as selectPending takes them). */
function rowsOfBatch(db: Database, batchId: string): OutboxRow[] {
  return stmt(
    db,
    `SELECT ${ROW_COLUMNS} FROM ${ROW_FROM} WHERE o.batch_id = ? ORDER BY o.priority, o.id`,
  ).all(batchId) as OutboxRow[];
}

function recordBatch(db: Database, rows: readonly OutboxRow[], nowMs: number): PreparedBatch {
  const batch = batchFromRows(rows);
  stmt(
    db,
    `INSERT INTO sync_batches (id, state, created_ms, records, raw_bytes, categories)
     VALUES (?, 'in-flight', ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = 'in-flight'`,
  ).run(batch.id, nowMs, batch.records, batch.body.length, JSON.stringify(batch.categories));
  // The rows are consecutive pending rows of each priority (see selectPending), so one ranged
  // UPDATE per priority marks exactly them.
  const mark = stmt(
    db,
    "UPDATE sync_outbox SET state = 'in-flight', batch_id = ? WHERE state = 'pending' AND priority = ? AND id BETWEEN ? AND ?",
  );
  let marked = 0;
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end + 1 < rows.length && rows[end + 1]!.priority === rows[start]!.priority) end++;
    marked += mark.run(batch.id, rows[start]!.priority, rows[start]!.id, rows[end]!.id).changes;
    start = end + 1;
  }
  if (marked !== rows.length)
    throw new Error(`batch ${batch.id} marked ${marked} of ${rows.length} rows`);
  return batch;
}

/** Batches recorded as in flight (sent, or about to be, when the process last stopped). */
export function inFlightBatchIds(db: Database): string[] {
  return (
    stmt(
      db,
      "SELECT id FROM sync_batches WHERE state = 'in-flight' ORDER BY created_ms, id",
    ).all() as Array<{
      id: string;
    }>
  ).map((row) => row.id);
}

/** Rebuilds an in-flight batch from its rows; the same bytes, hence the same id. */
export function loadBatch(db: Database, batchId: string): PreparedBatch | null {
  const rows = rowsOfBatch(db, batchId);
  if (rows.length === 0) return null;
  const batch = batchFromRows(rows);
  if (batch.id !== batchId) {
    // Only local corruption could do this; never send it under a wrong id.
    quarantineBatch(db, batchId, {
      status: null,
      error: 'local rows no longer match the batch id',
      nowMs: Date.now(),
    });
    return null;
  }
  return batch;
}

/**
 * The next batch to send: an in-flight one first (resend after a crash), otherwise a new batch
 * from pending rows, recorded as in flight in one transaction before anything is sent.
 */
export function takeNextBatch(
  db: Database,
  limits: BatchLimits,
  nowMs: number,
  exclude: readonly string[] = [],
): PreparedBatch | null {
  return db
    .transaction(() => {
      for (const id of inFlightBatchIds(db)) {
        if (exclude.includes(id)) continue;
        const batch = loadBatch(db, id);
        if (batch) return batch;
        stmt(db, "DELETE FROM sync_batches WHERE id = ? AND state = 'in-flight'").run(id);
      }
      const rows = selectPending(db, limits);
      return rows.length ? recordBatch(db, rows, nowMs) : null;
    })
    .immediate();
}

/** Exactly the next batch that would leave, without changing anything. */
export function previewNextBatch(db: Database, limits: BatchLimits): PreparedBatch | null {
  for (const id of inFlightBatchIds(db)) {
    const rows = rowsOfBatch(db, id);
    if (rows.length) return batchFromRows(rows);
  }
  const rows = selectPending(db, limits);
  return rows.length ? batchFromRows(rows) : null;
}

export interface Outcome {
  status: number | null;
  error?: string | null;
  gzipBytes?: number;
  nowMs: number;
}

export function markBatchSent(db: Database, batchId: string, outcome: Outcome): void {
  db.transaction(() => {
    stmt(
      db,
      `UPDATE sync_batches SET state = 'sent', attempts = attempts + 1, last_status = ?, last_error = NULL,
         gzip_bytes = coalesce(?, gzip_bytes), finished_ms = ? WHERE id = ?`,
    ).run(outcome.status, outcome.gzipBytes ?? null, outcome.nowMs, batchId);
    stmt(db, "UPDATE sync_outbox SET state = 'sent' WHERE batch_id = ?").run(batchId);
  })();
}

export function quarantineBatch(db: Database, batchId: string, outcome: Outcome): void {
  db.transaction(() => {
    stmt(
      db,
      `UPDATE sync_batches SET state = 'quarantined', attempts = attempts + 1, last_status = ?,
         last_error = ?, finished_ms = ? WHERE id = ?`,
    ).run(outcome.status, outcome.error ?? null, outcome.nowMs, batchId);
    stmt(db, "UPDATE sync_outbox SET state = 'quarantined' WHERE batch_id = ?").run(batchId);
  })();
}

export function recordAttempt(db: Database, batchId: string, outcome: Outcome): void {
  stmt(
    db,
    `UPDATE sync_batches SET attempts = attempts + 1, last_status = ?, last_error = ?,
       gzip_bytes = coalesce(?, gzip_bytes) WHERE id = ?`,
  ).run(outcome.status, outcome.error ?? null, outcome.gzipBytes ?? null, batchId);
}

/**
 * 413: the receiver will not take this many bytes. Its rows become two new in-flight batches
 * (recorded before either is sent); a batch of one chunk row is first cut into two rows of half
 * its lines each; a single record too large for the receiver is quarantined.
 */
export function splitBatch(db: Database, batchId: string, nowMs: number): PreparedBatch[] {
  return db
    .transaction(() => {
      let rows = rowsOfBatch(db, batchId);
      if (rows.length === 1 && rows[0]!.records > 1) rows = cutChunk(db, rows[0]!);
      if (rows.length <= 1) {
        quarantineBatch(db, batchId, {
          status: 413,
          error: 'a single record is larger than the receiver accepts',
          nowMs,
        });
        return [];
      }
      stmt(db, "UPDATE sync_outbox SET state = 'pending', batch_id = NULL WHERE batch_id = ?").run(
        batchId,
      );
      stmt(db, 'DELETE FROM sync_batches WHERE id = ?').run(batchId);
      const half = Math.ceil(rows.length / 2);
      return [
        recordBatch(db, rows.slice(0, half), nowMs),
        recordBatch(db, rows.slice(half), nowMs),
      ];
    })
    .immediate();
}

/** Replaces one chunk row by two rows of half its lines each (same batch, same bytes in order). */
function cutChunk(db: Database, row: OutboxRow): OutboxRow[] {
  const full = stmt(
    db,
    'SELECT category, kind, priority, created_ms, state, batch_id FROM sync_outbox WHERE id = ?',
  ).get(row.id) as {
    category: string;
    kind: string;
    priority: number;
    created_ms: number;
    state: string;
    batch_id: string | null;
  };
  const lines = row.text.toString('utf8').split('\n');
  const half = Math.ceil(lines.length / 2);
  stmt(db, 'DELETE FROM sync_payloads WHERE id = ?').run(row.id);
  stmt(db, 'DELETE FROM sync_outbox WHERE id = ?').run(row.id);
  return [lines.slice(0, half), lines.slice(half)].map((part) => {
    const text = part.join('\n');
    const id = insertRow(db, full, text, part.length, full.created_ms, {
      state: full.state,
      batchId: full.batch_id,
    });
    return {
      id,
      category: row.category,
      text: Buffer.from(text),
      bytes: Buffer.byteLength(text),
      priority: row.priority,
      records: part.length,
    };
  });
}
