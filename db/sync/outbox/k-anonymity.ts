/**
 * k-anonymity: a record leaves only once its quasi-identifier combination has been seen
 * K_ANONYMITY times in the donation period; until then it waits in `sync_held`, and what never
 * gets there is withheld and counted.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AnonymizedLine } from '../anonymizer';
import { CATEGORY_PRIORITY, type DonationCategory } from '../categories';
import { countWithheld, type OpenPeriod } from '../donation-periods';
import { stmt } from '../statements';
import type { OutboxWriter } from './chunk-writer';

export const K_ANONYMITY = 5;
/** Held records whose time bucket ended this long ago can no longer reach k: withheld. */
export const HOLD_GRACE_MS = 3_600_000;

export type Candidate = Pick<AnonymizedLine, 'kind' | 'line' | 'bucketEndMs'>;
export const asCandidate = (candidate: Candidate): Candidate => candidate;

/** Per connection: quasi-identifier combinations already seen k times in the open period. */
const releasedCombos = new WeakMap<Database, { periodId: number; combos: Set<string> }>();

export function releasedFor(
  db: Database,
  period: OpenPeriod,
): { periodId: number; combos: Set<string> } {
  let released = releasedCombos.get(db);
  if (!released || released.periodId !== period.id) {
    released = { periodId: period.id, combos: new Set() };
    releasedCombos.set(db, released);
  }
  return released;
}

/**
 * k-anonymity: records go out only once their quasi-identifier combination has been seen k
 * times in the period. `group`: records of one combination (the same key), counted together.
 */
export function admit<T>(
  db: Database,
  period: OpenPeriod,
  category: DonationCategory,
  key: string,
  group: readonly T[],
  lineOf: (item: T) => Candidate,
  writer: OutboxWriter,
  nowMs: number,
): 'queued' | 'held' {
  const released = releasedFor(db, period);
  const priority = CATEGORY_PRIORITY[category];
  if (released.combos.has(key)) {
    // Already seen k times in this period (counts only grow): straight to the outbox.
    for (const item of group) writer.add(category, lineOf(item), priority);
    return 'queued';
  }
  const combo = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const { seen } = stmt(
    db,
    `INSERT INTO sync_qi_counts (period_id, combo, seen) VALUES (?, ?, ?)
     ON CONFLICT (period_id, combo) DO UPDATE SET seen = seen + excluded.seen RETURNING seen`,
  ).get(period.id, combo, group.length) as { seen: number };
  if (seen < K_ANONYMITY) {
    const hold = stmt(
      db,
      `INSERT INTO sync_held (period_id, combo, category, kind, line, priority, bucket_end_ms, created_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const item of group) {
      const { kind, line, bucketEndMs } = lineOf(item);
      hold.run(period.id, combo, category, kind, line, priority, bucketEndMs, nowMs);
    }
    return 'held';
  }
  if (seen - group.length < K_ANONYMITY && seen - group.length > 0) {
    // This call reached k: what was held for the combination goes out first, in arrival order.
    writer.flush();
    stmt(
      db,
      `INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms)
       SELECT category, kind, line, length(CAST(line AS BLOB)), priority, ? FROM sync_held
       WHERE period_id = ? AND combo = ? ORDER BY id`,
    ).run(nowMs, period.id, combo);
    stmt(db, 'DELETE FROM sync_held WHERE period_id = ? AND combo = ?').run(period.id, combo);
  }
  released.combos.add(key);
  for (const item of group) writer.add(category, lineOf(item), priority);
  return 'queued';
}

/** Held records whose bucket is over (plus grace) never reached k: drop them and count them. */
export function withholdExpired(db: Database, nowMs: number): number {
  const rows = stmt(
    db,
    'SELECT category, count(*) AS n FROM sync_held WHERE bucket_end_ms + ? <= ? GROUP BY category',
  ).all(HOLD_GRACE_MS, nowMs) as Array<{ category: string; n: number }>;
  let total = 0;
  for (const { category, n } of rows) {
    countWithheld(db, category, n);
    total += n;
  }
  if (total)
    stmt(db, 'DELETE FROM sync_held WHERE bucket_end_ms + ? <= ?').run(HOLD_GRACE_MS, nowMs);
  return total;
}
