/**
 * Donation periods and their pseudonym keys.
 *
 * Robot pseudonyms are HMAC-SHA256(period key, local robot id). The key is 32 random bytes that
 * exist only while the period is open. When it closes the key is overwritten, set to NULL with
 * secure_delete on, and the WAL is checkpointed and truncated, so nobody — including this
 * facility — can recompute a pseudonym or link records of one period to another or back to a
 * robot. That is what makes the donated records 匿名加工情報 (anonymously processed information
 * under APPI) rather than 仮名加工情報 (pseudonymized information, whose linkable pseudonyms
 * may not be given to third parties).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

export const DEFAULT_PERIOD_MS = 30 * 86_400_000;

export interface OpenPeriod {
  id: number;
  startedMs: number;
  endsMs: number;
}

/** In-memory copies, wiped as soon as the period is seen closed or expired. */
const keyCache = new Map<number, Buffer>();
const pseudonymCache = new Map<number, Map<string, string>>();

function forget(periodId: number): void {
  keyCache.get(periodId)?.fill(0);
  keyCache.delete(periodId);
  pseudonymCache.delete(periodId);
}

function forgetAllBut(periodId: number | null): void {
  for (const id of [...keyCache.keys()]) if (id !== periodId) forget(id);
  for (const id of [...pseudonymCache.keys()]) if (id !== periodId) pseudonymCache.delete(id);
}

export function periodLengthMs(db: Database): number {
  const row = stmt(db, "SELECT value FROM settings WHERE key = 'sync.periodDays'").get() as
    { value: string } | undefined;
  const days = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(days) && days >= 1 && days <= 366 ? days * 86_400_000 : DEFAULT_PERIOD_MS;
}

/** The open period, opening a new one (and closing an expired one) as needed. Call in a transaction. */
export function currentPeriod(db: Database, nowMs: number): OpenPeriod {
  const row = stmt(
    db,
    'SELECT id, started_ms, ends_ms FROM sync_periods WHERE closed_ms IS NULL ORDER BY id DESC LIMIT 1',
  ).get() as { id: number; started_ms: number; ends_ms: number } | undefined;
  if (row && row.ends_ms > nowMs) {
    if (keyCache.size > 1 || pseudonymCache.size > 1) forgetAllBut(row.id);
    return { id: row.id, startedMs: row.started_ms, endsMs: row.ends_ms };
  }
  if (row) closePeriod(db, row.id, nowMs);
  const key = randomBytes(32);
  const endsMs = nowMs + periodLengthMs(db);
  const id = Number(
    stmt(db, 'INSERT INTO sync_periods (started_ms, ends_ms, key) VALUES (?, ?, ?)').run(
      nowMs,
      endsMs,
      key,
    ).lastInsertRowid,
  );
  key.fill(0);
  forgetAllBut(null);
  return { id, startedMs: nowMs, endsMs };
}

/** The robot's pseudonym in this period: 16 hex digits of HMAC-SHA256(period key, robot id). */
export function robotPseudonym(db: Database, period: OpenPeriod, robotId: string): string {
  let names = pseudonymCache.get(period.id);
  if (!names) {
    names = new Map();
    pseudonymCache.set(period.id, names);
  }
  let pseudonym = names.get(robotId);
  if (pseudonym) return pseudonym;
  let key = keyCache.get(period.id);
  if (!key) {
    const row = stmt(db, 'SELECT key FROM sync_periods WHERE id = ? AND closed_ms IS NULL').get(
      period.id,
    ) as { key: Buffer | null } | undefined;
    if (!row?.key) throw new Error(`Donation period ${period.id} is closed; its key is gone.`);
    key = Buffer.from(row.key);
    keyCache.set(period.id, key);
  }
  pseudonym = createHmac('sha256', key).update(robotId).digest('hex').slice(0, 16);
  names.set(robotId, pseudonym);
  return pseudonym;
}

/**
 * Closes a period: its key is overwritten with random bytes and then NULLed (secure_delete makes
 * SQLite zero the freed bytes), and records still held for k-anonymity in it are withheld for
 * good. Runs inside the caller's transaction; call `scrubClosedKeys` afterwards, outside it.
 */
export function closePeriod(db: Database, periodId: number, nowMs: number): void {
  db.pragma('secure_delete = ON');
  stmt(db, 'UPDATE sync_periods SET key = randomblob(32) WHERE id = ?').run(periodId);
  stmt(db, 'UPDATE sync_periods SET key = NULL, closed_ms = ? WHERE id = ?').run(nowMs, periodId);
  const held = stmt(
    db,
    'SELECT category, count(*) AS n FROM sync_held WHERE period_id = ? GROUP BY category',
  ).all(periodId) as Array<{ category: string; n: number }>;
  for (const { category, n } of held) countWithheld(db, category, n);
  stmt(db, 'DELETE FROM sync_held WHERE period_id = ?').run(periodId);
  stmt(db, 'DELETE FROM sync_qi_counts WHERE period_id = ?').run(periodId);
  forget(periodId);
}

/** Closes every open period whose time is up (or all of them with `all`). */
export function closeExpiredPeriods(db: Database, nowMs: number, all = false): number {
  const rows = stmt(
    db,
    'SELECT id FROM sync_periods WHERE closed_ms IS NULL AND (ends_ms <= ? OR ?)',
  ).all(nowMs, all ? 1 : 0) as Array<{ id: number }>;
  for (const { id } of rows) closePeriod(db, id, nowMs);
  return rows.length;
}

/**
 * After a key was destroyed: copy the WAL into the database and truncate it, so no old page
 * image with the key survives in the log. Must run outside a transaction. Returns false when a
 * reader kept the WAL busy (the next sweep tries again).
 */
export function scrubClosedKeys(db: Database): boolean {
  db.pragma('secure_delete = ON');
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return (result?.busy ?? 0) === 0;
}

export function countWithheld(db: Database, category: string, records: number): void {
  stmt(
    db,
    `INSERT INTO sync_withheld (category, records) VALUES (?, ?)
     ON CONFLICT (category) DO UPDATE SET records = records + excluded.records`,
  ).run(category, records);
}
