/**
 * The audit trail as a hash chain. Every row carries the SHA-256 of its own canonical form plus
 * the previous row's hash, so changing, removing or inserting a row breaks the chain from that
 * point on. An anchor row (the id and hash of the newest entry) is updated in the same
 * transaction, so cutting rows off the end is detected too.
 *
 * Appends happen only here, inside the caller's transaction (the db worker is the single writer).
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRowInput {
  tMs: number;
  actor: string;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
}

/** A row exactly as stored (before/after are JSON text or null). */
export interface StoredAuditRow {
  id: number;
  t_ms: number;
  actor: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * A stored row by its API names. `decode` reads before/after: the viewer keeps unparsable text
 * and shows null, the repository parses strictly and leaves the field undefined.
 */
export function auditEntryFromRow<V>(row: StoredAuditRow, decode: (text: string | null) => V) {
  return {
    id: row.id,
    tMs: row.t_ms,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: decode(row.before),
    after: decode(row.after),
  };
}

export interface AuditVerification {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** Hash of the newest row (the chain head), or the genesis hash when the trail is empty. */
  headHash: string;
  /** The first row where the chain breaks (or the id the anchor expected). */
  firstBadId: number | null;
  problem:
    null | 'hash-mismatch' | 'prev-hash-mismatch' | 'id-gap' | 'anchor-mismatch' | 'missing-anchor';
  message: string;
}

/** The canonical text a row's hash covers: every stored column except the hashes themselves. */
export function canonicalAuditText(row: Omit<StoredAuditRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify([
    row.id,
    row.t_ms,
    row.actor,
    row.action,
    row.target,
    row.before,
    row.after,
  ]);
}

export function auditRowHash(
  prevHash: string,
  row: Omit<StoredAuditRow, 'prev_hash' | 'hash'>,
): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalAuditText(row))
    .digest('hex');
}

function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Appends one chained row; call inside the transaction that makes the audited change. */
export function appendChainedAudit(db: Database, entry: AuditRowInput): number {
  const last = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string | null } | undefined;
  const id = (last?.id ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    id,
    t_ms: Math.trunc(entry.tMs),
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    before: toJson(entry.before),
    after: toJson(entry.after),
  };
  const hash = auditRowHash(prevHash, row);
  db.prepare(
    `INSERT INTO audit (id, t_ms, actor, action, target, before, after, prev_hash, hash)
     VALUES (@id, @t_ms, @actor, @action, @target, @before, @after, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: prevHash, hash });
  db.prepare(
    `INSERT INTO audit_anchor (singleton, last_id, last_hash) VALUES (1, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash`,
  ).run(id, hash);
  return id;
}

/** (Re)computes the chain over rows written before it existed; used by the migration. */
export function chainExistingAuditRows(db: Database): void {
  const rows = db
    .prepare('SELECT id, t_ms, actor, action, target, before, after FROM audit ORDER BY id')
    .all() as Array<Omit<StoredAuditRow, 'prev_hash' | 'hash'>>;
  const update = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (const row of rows) {
    const hash = auditRowHash(prev, row);
    update.run(prev, hash, row.id);
    prev = hash;
    lastId = row.id;
  }
  if (lastId > 0) {
    db.prepare('INSERT INTO audit_anchor (singleton, last_id, last_hash) VALUES (1, ?, ?)').run(
      lastId,
      prev,
    );
  }
}

/** Walks the whole trail and says whether (and where) it was altered. */
export function verifyAuditChain(db: Database): AuditVerification {
  const rows = db
    .prepare(
      'SELECT id, t_ms, actor, action, target, before, after, prev_hash, hash FROM audit ORDER BY id',
    )
    .iterate() as IterableIterator<StoredAuditRow>;
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  const fail = (
    problem: NonNullable<AuditVerification['problem']>,
    id: number,
    message: string,
  ): AuditVerification => ({
    ok: false,
    checked,
    headHash: prev,
    firstBadId: id,
    problem,
    message,
  });

  for (const row of rows) {
    if (row.id !== expectedId) {
      return fail(
        'id-gap',
        expectedId,
        `Audit entry ${expectedId} is missing (the next entry is ${row.id}): entries were deleted or inserted.`,
      );
    }
    if (row.prev_hash !== prev) {
      return fail(
        'prev-hash-mismatch',
        row.id,
        `Audit entry ${row.id} does not follow the entry before it: the trail was edited at or before this entry.`,
      );
    }
    const hash = auditRowHash(prev, row);
    if (row.hash !== hash) {
      return fail(
        'hash-mismatch',
        row.id,
        `Audit entry ${row.id} was changed after it was written (its content no longer matches its hash).`,
      );
    }
    prev = hash;
    expectedId += 1;
    checked += 1;
  }
  const anchor = db.prepare('SELECT last_id, last_hash FROM audit_anchor').get() as
    { last_id: number; last_hash: string } | undefined;
  if (!anchor) {
    if (checked > 0) {
      return fail(
        'missing-anchor',
        checked,
        'The audit trail has entries but its anchor is missing: the trail was tampered with.',
      );
    }
  } else if (anchor.last_id !== checked || anchor.last_hash !== prev) {
    return fail(
      'anchor-mismatch',
      anchor.last_id,
      `The audit trail ends at entry ${checked} but its anchor records entry ${anchor.last_id}: entries at the end were removed or added.`,
    );
  }
  return {
    ok: true,
    checked,
    headHash: prev,
    firstBadId: null,
    problem: null,
    message: `All ${checked} audit entries are intact.`,
  };
}
