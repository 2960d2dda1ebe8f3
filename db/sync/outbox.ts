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
 *
 * Records enqueued together are stored as chunks (migration 007): one outbox row for up to
 * CHUNK_MAX_LINES lines of one kind (`records`), the lines joined by "\n" in `sync_payloads`,
 * written once and never updated. A batch is whole rows, so its body is the same bytes either
 * way; a state change rewrites one small row per chunk instead of every record's text, which is
 * what lets the outbox keep up with 100k records/s. Single records (and rows from before 007)
 * keep their line in `sync_outbox.line`.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  anonymizeLine,
  comboKeyBeforeLine,
  newAnonymizedLine,
  type AnonymizeContext,
  type AnonymizedLine,
  type DonationInputs,
} from './anonymizer';
import { CATEGORY_PRIORITY, DONATION_CATEGORIES, type DonationCategory } from './categories';
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
  const writer = new OutboxWriter(db, nowMs);
  const result = admitOne(db, currentPeriod(db, nowMs), category, record, writer, nowMs);
  writer.flush();
  return result;
}

export interface EnqueueTally {
  queued: number;
  held: number;
  noConsent: number;
}

/**
 * `enqueueForDonation` for many records of one category at once (the sweep and bulk callers):
 * consent and the donation period are looked up once, and outbox rows are written with
 * multi-row INSERTs. Same rules, same transaction contract: call it inside the transaction that
 * writes (or marks as swept) the local records; a record that does not fit the dictionary throws.
 */
export function enqueueManyForDonation<C extends DonationCategory>(
  db: Database,
  category: C,
  records: Iterable<DonationInputs[C]>,
  nowMs = Date.now(),
): EnqueueTally {
  const tally: EnqueueTally = { queued: 0, held: 0, noConsent: 0 };
  if (!isConsented(db, category)) {
    for (const _record of records) tally.noConsent++;
    return tally;
  }
  const period = currentPeriod(db, nowMs);
  const ctx = pseudonymsFor(db, period);
  const released = releasedFor(db, period);
  const writer = new OutboxWriter(db, nowMs);
  const priority = CATEGORY_PRIORITY[category];
  const out = newAnonymizedLine();
  const lineOf = (record: DonationInputs[C]): Candidate => {
    anonymizeLine(category, record, ctx, out);
    return out;
  };
  // Records whose combination is already released go straight out; the others are counted
  // per combination once for the whole call (counts only grow, so this is the same rule).
  // Where the combination is known before the line (telemetry rollups), a group keeps its
  // local records and their lines are written only once the group is admitted or held; the
  // other kinds keep their written lines.
  const groups = new Map<string, Array<DonationInputs[C]>>();
  const written = new Map<string, Candidate[]>();
  for (const record of records) {
    const early = comboKeyBeforeLine(category, record);
    if (early !== null) {
      if (released.combos.has(early)) {
        writer.add(category, lineOf(record), priority);
        tally.queued++;
        continue;
      }
      const group = groups.get(early);
      if (group) group.push(record);
      else groups.set(early, [record]);
      continue;
    }
    anonymizeLine(category, record, ctx, out);
    if (released.combos.has(out.key)) {
      writer.add(category, out, priority);
      tally.queued++;
      continue;
    }
    const candidate: Candidate = { kind: out.kind, line: out.line, bucketEndMs: out.bucketEndMs };
    const group = written.get(out.key);
    if (group) group.push(candidate);
    else written.set(out.key, [candidate]);
  }
  for (const [key, group] of groups) {
    const outcome = admit(db, period, category, key, group, lineOf, writer, nowMs);
    if (outcome === 'queued') tally.queued += group.length;
    else tally.held += group.length;
  }
  for (const [key, group] of written) {
    const outcome = admit(db, period, category, key, group, asCandidate, writer, nowMs);
    if (outcome === 'queued') tally.queued += group.length;
    else tally.held += group.length;
  }
  writer.flush();
  return tally;
}

function admitOne<C extends DonationCategory>(
  db: Database,
  period: OpenPeriod,
  category: C,
  record: DonationInputs[C],
  writer: OutboxWriter,
  nowMs: number,
): 'queued' | 'held' {
  const out = newAnonymizedLine();
  anonymizeLine(category, record, pseudonymsFor(db, period), out);
  return admit(db, period, category, out.key, [out], asCandidate, writer, nowMs);
}

type Candidate = Pick<AnonymizedLine, 'kind' | 'line' | 'bucketEndMs'>;
const asCandidate = (candidate: Candidate): Candidate => candidate;

/** One pseudonym context per connection and period (no closure per record). */
const pseudonymContexts = new WeakMap<Database, { periodId: number; ctx: AnonymizeContext }>();
function pseudonymsFor(db: Database, period: OpenPeriod): AnonymizeContext {
  const cached = pseudonymContexts.get(db);
  if (cached?.periodId === period.id) return cached.ctx;
  const ctx: AnonymizeContext = { pseudonym: (robotId) => robotPseudonym(db, period, robotId) };
  pseudonymContexts.set(db, { periodId: period.id, ctx });
  return ctx;
}

function releasedFor(db: Database, period: OpenPeriod): { periodId: number; combos: Set<string> } {
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
function admit<T>(
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

/** Per connection: quasi-identifier combinations already seen k times in the open period. */
const releasedCombos = new WeakMap<Database, { periodId: number; combos: Set<string> }>();

/** A chunk row holds at most this many lines and about this many bytes. */
export const CHUNK_MAX_LINES = 128;
const CHUNK_MAX_BYTES = 48 * 1024;

interface OpenChunk {
  category: string;
  kind: string;
  priority: number;
  lines: string[];
  bytes: number;
}

/** Outbox rows as chunks: lines of one kind gathered, one INSERT per chunk instead of per record. */
class OutboxWriter {
  private readonly chunks = new Map<string, OpenChunk>();

  constructor(
    private readonly db: Database,
    private readonly nowMs: number,
  ) {}

  add(category: string, { kind, line }: Pick<Candidate, 'kind' | 'line'>, priority: number): void {
    let chunk = this.chunks.get(kind);
    if (!chunk) {
      chunk = { category, kind, priority, lines: [], bytes: 0 };
      this.chunks.set(kind, chunk);
    }
    chunk.lines.push(line);
    chunk.bytes += line.length + 1;
    if (chunk.lines.length >= CHUNK_MAX_LINES || chunk.bytes >= CHUNK_MAX_BYTES) this.write(chunk);
  }

  flush(): void {
    for (const chunk of this.chunks.values()) if (chunk.lines.length) this.write(chunk);
  }

  private write(chunk: OpenChunk): void {
    insertRow(this.db, chunk, chunk.lines.join('\n'), chunk.lines.length, this.nowMs);
    chunk.lines = [];
    chunk.bytes = 0;
  }
}

/** One outbox row: a single line inline, several as a chunk with its payload row. */
function insertRow(
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
const ROW_COLUMNS =
  'o.id AS id, o.category AS category, CAST(coalesce(p.lines, o.line) AS BLOB) AS text, o.bytes AS bytes, o.priority AS priority, o.records AS records';
const ROW_FROM = 'sync_outbox o LEFT JOIN sync_payloads p ON p.id = o.id';

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
      const row = stmt(db, 'SELECT position FROM sync_cursors WHERE source = ?').get(
        PRUNE_CURSOR,
      ) as { position: string } | undefined;
      const after = row ? Number(row.position) : -Infinity;
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
      stmt(
        db,
        `INSERT INTO sync_cursors (source, position) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET position = excluded.position`,
      ).run(PRUNE_CURSOR, String(cutoff));
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
  /** The row's line(s), joined by newlines, as UTF-8. */
  text: Buffer;
  bytes: number;
  priority: number;
  records: number;
};

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
