/**
 * The donation outbox. Records are anonymized *before* they are written here, in the same
 * transaction as the local data they come from (`enqueueForDonation`). The uploader takes them
 * out in batches whose id is the sha256 of the body, recorded before the PUT:
 *
 *   pending ──prepareBatch──▶ in-flight(batchId) ──2xx──▶ sent
 *                                   │ 409 ─────────────▶ quarantined
 *                                   └ 413 ─▶ split into two new in-flight batches
 *
 * After a crash an in-flight batch is rebuilt byte for byte from its rows (same id) and sent
 * again; the receiver deduplicates by id, so nothing is lost and nothing is stored twice.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { anonymize, type DonationInputs } from './anonymizer';
import { CATEGORY_PRIORITY, DONATION_CATEGORIES, type DonationCategory } from './categories';
import type { KindSpec } from './data-dictionary';
import { countWithheld, currentPeriod, robotPseudonym, type OpenPeriod } from './donation-periods';
import { stmt } from './statements';

export const K_ANONYMITY = 5;
/** Held records whose time bucket ended this long ago can no longer reach k: withheld. */
export const HOLD_GRACE_MS = 3_600_000;

export type EnqueueResult = 'queued' | 'held' | 'no-consent';

export function isConsented(db: Database, category: DonationCategory): boolean {
  const row = stmt(db, 'SELECT enabled FROM sync_consent WHERE category = ?').get(category) as
    { enabled: number } | undefined;
  return row?.enabled === 1;
}

export function consentedCategories(db: Database): DonationCategory[] {
  return DONATION_CATEGORIES.filter((category) => isConsented(db, category));
}

/**
 * Anonymize a local record and put it in the outbox (or the k-anonymity hold), if the admin
 * has consented to its category. Call it inside the transaction that writes the local record,
 * so the data and its outbox row commit together. Throws if the record cannot be made to fit
 * the data dictionary (then the caller's transaction rolls back: fix the caller).
 */
export function enqueueForDonation<C extends DonationCategory>(
  db: Database,
  category: C,
  record: DonationInputs[C],
  nowMs = Date.now(),
): EnqueueResult {
  if (!isConsented(db, category)) return 'no-consent';
  const period = currentPeriod(db, nowMs);
  const anonymized = anonymize(category, record, {
    pseudonym: (robotId) => robotPseudonym(db, period, robotId),
  });
  return admit(
    db,
    period,
    category,
    anonymized.spec,
    anonymized.record,
    anonymized.line,
    anonymized.bucketEndMs,
    nowMs,
  );
}

/** k-anonymity: a record goes out only once its quasi-identifier combination has been seen k times. */
function admit(
  db: Database,
  period: OpenPeriod,
  category: DonationCategory,
  spec: KindSpec,
  record: Record<string, unknown>,
  line: string,
  bucketEndMs: number,
  nowMs: number,
): EnqueueResult {
  const key = comboKey(spec, record);
  let released = releasedCombos.get(db);
  if (!released || released.periodId !== period.id) {
    released = { periodId: period.id, combos: new Set() };
    releasedCombos.set(db, released);
  }
  const priority = CATEGORY_PRIORITY[category];
  if (released.combos.has(key)) {
    // Already seen k times in this period (counts only grow): straight to the outbox.
    insertOutbox(db, category, spec.kind, line, priority, nowMs);
    return 'queued';
  }
  const combo = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const { seen } = stmt(
    db,
    `INSERT INTO sync_qi_counts (period_id, combo, seen) VALUES (?, ?, 1)
     ON CONFLICT (period_id, combo) DO UPDATE SET seen = seen + 1 RETURNING seen`,
  ).get(period.id, combo) as { seen: number };
  if (seen < K_ANONYMITY) {
    stmt(
      db,
      `INSERT INTO sync_held (period_id, combo, category, kind, line, priority, bucket_end_ms, created_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(period.id, combo, category, spec.kind, line, priority, bucketEndMs, nowMs);
    return 'held';
  }
  if (seen === K_ANONYMITY) {
    stmt(
      db,
      `INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms)
       SELECT category, kind, line, length(CAST(line AS BLOB)), priority, ? FROM sync_held
       WHERE period_id = ? AND combo = ? ORDER BY id`,
    ).run(nowMs, period.id, combo);
    stmt(db, 'DELETE FROM sync_held WHERE period_id = ? AND combo = ?').run(period.id, combo);
  }
  released.combos.add(key);
  insertOutbox(db, category, spec.kind, line, priority, nowMs);
  return 'queued';
}

/** Per connection: quasi-identifier combinations already seen k times in the open period. */
const releasedCombos = new WeakMap<Database, { periodId: number; combos: Set<string> }>();

function insertOutbox(
  db: Database,
  category: string,
  kind: string,
  line: string,
  priority: number,
  nowMs: number,
) {
  stmt(
    db,
    'INSERT INTO sync_outbox (category, kind, line, bytes, priority, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(category, kind, line, Buffer.byteLength(line), priority, nowMs);
}

function comboKey(spec: KindSpec, record: Record<string, unknown>): string {
  let key = spec.kind;
  for (const field of spec.quasiIdentifiers)
    key += `\u0000${JSON.stringify(record[field] ?? null)}`;
  return key;
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

/** Consent withdrawn: what has not started to leave is deleted. */
export function dropUnsent(db: Database, category: DonationCategory): number {
  const a = stmt(db, "DELETE FROM sync_outbox WHERE category = ? AND state = 'pending'").run(
    category,
  ).changes;
  const b = stmt(db, 'DELETE FROM sync_held WHERE category = ?').run(category).changes;
  return a + b;
}

// ---------------------------------------------------------------------------------------------
// Batches

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

type OutboxRow = {
  id: number;
  category: DonationCategory;
  line: string;
  bytes: number;
  priority: number;
};

export function bodyOf(lines: readonly string[]): Buffer {
  return Buffer.from(lines.length ? `${lines.join('\n')}\n` : '', 'utf8');
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function batchFromRows(rows: readonly OutboxRow[]): PreparedBatch {
  const body = bodyOf(rows.map((row) => row.line));
  const categories: Partial<Record<DonationCategory, number>> = {};
  for (const row of rows) categories[row.category] = (categories[row.category] ?? 0) + 1;
  return { id: sha256Hex(body), body, records: rows.length, categories };
}

/** The pending rows the next batch would take: priority order, within the limits. */
function selectPending(db: Database, limits: BatchLimits): OutboxRow[] {
  const consented = new Set(consentedCategories(db));
  const rows: OutboxRow[] = [];
  let bytes = 0;
  const iterator = stmt(
    db,
    "SELECT id, category, line, bytes, priority FROM sync_outbox WHERE state = 'pending' ORDER BY priority, id",
  ).iterate() as IterableIterator<OutboxRow>;
  for (const row of iterator) {
    if (!consented.has(row.category)) continue;
    if (
      rows.length > 0 &&
      (bytes + row.bytes + 1 > limits.maxBytes || rows.length >= limits.maxRecords)
    ) {
      iterator.return?.();
      break;
    }
    rows.push(row);
    bytes += row.bytes + 1;
  }
  return rows;
}

function rowsOfBatch(db: Database, batchId: string): OutboxRow[] {
  return stmt(
    db,
    'SELECT id, category, line, bytes, priority FROM sync_outbox WHERE batch_id = ? ORDER BY id',
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
): PreparedBatch | null {
  return db
    .transaction(() => {
      for (const id of inFlightBatchIds(db)) {
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
 * (recorded before either is sent); a single record too large for the receiver is quarantined.
 */
export function splitBatch(db: Database, batchId: string, nowMs: number): PreparedBatch[] {
  return db
    .transaction(() => {
      const rows = rowsOfBatch(db, batchId);
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

// ---------------------------------------------------------------------------------------------
// Status and history

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
        "SELECT category, count(*) AS n, sum(bytes) AS b FROM sync_outbox WHERE state IN ('pending', 'in-flight') GROUP BY category",
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

/** Test and audit helper: every line that is, or was, in the outbox in a given state. */
export function outboxLines(
  db: Database,
  states: readonly string[] = ['pending', 'in-flight', 'sent'],
): string[] {
  return (
    db
      .prepare(
        `SELECT line FROM sync_outbox WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(...states) as Array<{ line: string }>
  ).map((row) => row.line);
}
