import type { Database } from 'better-sqlite3';
import { appendChainedAudit, type AuditRowInput, type StoredAuditRow } from '../audit/audit-chain';

export type AuditEntryInput = AuditRowInput;

export interface AuditEntry extends AuditEntryInput {
  id: number;
}

/** Who did what, when, with the value before and after. Written in the same transaction as the change. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** Every row is hash-chained (db/audit/audit-chain.ts) so edits and deletions are detectable. */
  append(entry: AuditEntryInput): number {
    return appendChainedAudit(this.db, entry);
  }

  latest(limit: number): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit) as StoredAuditRow[];
    return rows.map((row) => ({
      id: row.id,
      tMs: row.t_ms,
      actor: row.actor,
      action: row.action,
      target: row.target,
      before: row.before === null ? undefined : (JSON.parse(row.before) as unknown),
      after: row.after === null ? undefined : (JSON.parse(row.after) as unknown),
    }));
  }
}
