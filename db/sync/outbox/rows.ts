import type { Database } from 'better-sqlite3';
import type { DonationCategory } from '../categories';
import { stmt } from '../statements';

/** One outbox row: a single line inline, several as a chunk with its payload row. */
export function insertRow(
  db: Database,
  row: { category: string; kind: string; priority: number },
  text: string,
  records: number,
  nowMs: number,
  state: { state: string; batchId: string | null } = { state: 'pending', batchId: null },
): number {
  const id = Number(
    stmt(
      db,
      `INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms, records, state, batch_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.category,
      row.kind,
      records === 1 ? text : '',
      Buffer.byteLength(text),
      row.priority,
      nowMs,
      records,
      state.state,
      state.batchId,
    ).lastInsertRowid,
  );
  if (records !== 1) stmt(db, 'INSERT INTO sync_payloads (id, lines) VALUES (?, ?)').run(id, text);
  return id;
}

/**
 * Columns of an outbox row with its text, whether inline or in a payload row. The text is read
 * as its UTF-8 bytes (CAST AS BLOB): a batch body is those bytes joined by newlines, so nothing
 * is decoded into JavaScript strings and encoded again on the way out.
 */
export const ROW_COLUMNS =
  'o.id AS id, o.category AS category, CAST(coalesce(p.lines, o.line) AS BLOB) AS text, o.bytes AS bytes, o.priority AS priority, o.records AS records';
export const ROW_FROM = 'sync_outbox o LEFT JOIN sync_payloads p ON p.id = o.id';

export type OutboxRow = {
  id: number;
  category: DonationCategory;
  /** The row's line(s), joined by newlines, as UTF-8. */
  text: Buffer;
  bytes: number;
  priority: number;
  records: number;
};
