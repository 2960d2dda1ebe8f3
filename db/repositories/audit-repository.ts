import type { Database } from 'better-sqlite3';
import {
  appendChainedAudit,
  auditEntryFromRow,
  type AuditRowInput,
  type StoredAuditRow,
} from '../audit/audit-chain';

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
    return rows.map((row) =>
      auditEntryFromRow(row, (text) => (text === null ? undefined : (JSON.parse(text) as unknown))),
    );
  }
}
