import type { Database } from 'better-sqlite3';
import type { DonationCategory } from '../categories';
import { cursor, setCursor } from '../cursors';
import { stmt } from '../statements';

/** How long the text of acknowledged records is kept after its batch was stored upstream. */
export const SENT_RETENTION_MS = 30 * 86_400_000;
const PRUNE_CURSOR = 'outbox:pruned-sent';

/**
 * Retention: the text of records whose batch the receiver acknowledged at least `keepMs` ago is
 * deleted (payload rows and single inline lines). What stays is the history: the batch row
 * (id, counts, bytes, status: the upload history) and each outbox row's category, kind, size and
 * batch. Pending, in-flight and quarantined rows are never touched, so nothing that may still
 * have to be sent (or rebuilt byte for byte under its id) loses its bytes. Returns the records
 * whose text was dropped.
 */
export function pruneSentPayloads(db: Database, nowMs: number, keepMs = SENT_RETENTION_MS): number {
  return db
    .transaction(() => {
      const position = cursor(db, PRUNE_CURSOR);
      const after = position !== null ? Number(position) : -Infinity;
      const cutoff = nowMs - keepMs;
      if (!(cutoff > after)) return 0;
      // Sent batches finished in (after, cutoff]: each run looks only at what became old since.
      const batches = `SELECT id FROM sync_batches WHERE state = 'sent' AND finished_ms > ? AND finished_ms <= ?`;
      const { n } = stmt(
        db,
        `SELECT coalesce(sum(records), 0) AS n FROM sync_outbox
         WHERE state = 'sent' AND batch_id IN (${batches})
           AND (line != '' OR id IN (SELECT id FROM sync_payloads))`,
      ).get(after, cutoff) as { n: number };
      stmt(
        db,
        `DELETE FROM sync_payloads WHERE id IN (
           SELECT id FROM sync_outbox WHERE state = 'sent' AND batch_id IN (${batches}))`,
      ).run(after, cutoff);
      stmt(
        db,
        `UPDATE sync_outbox SET line = '' WHERE state = 'sent' AND line != ''
           AND batch_id IN (${batches})`,
      ).run(after, cutoff);
      setCursor(db, PRUNE_CURSOR, String(cutoff));
      return n;
    })
    .immediate();
}

/** Consent withdrawn: what has not started to leave is deleted. */
export function dropUnsent(db: Database, category: DonationCategory): number {
  const { n: a } = stmt(
    db,
    "SELECT coalesce(sum(records), 0) AS n FROM sync_outbox WHERE category = ? AND state = 'pending'",
  ).get(category) as { n: number };
  stmt(
    db,
    "DELETE FROM sync_payloads WHERE id IN (SELECT id FROM sync_outbox WHERE category = ? AND state = 'pending')",
  ).run(category);
  stmt(db, "DELETE FROM sync_outbox WHERE category = ? AND state = 'pending'").run(category);
  const b = stmt(db, 'DELETE FROM sync_held WHERE category = ?').run(category).changes;
  return a + b;
}
