import type { Database } from 'better-sqlite3';

export interface AuditEntryInput {
  tMs: number;
  actor: string;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
}

/** Who did what, when, with the value before and after. Written in the same transaction as the change. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  append(entry: AuditEntryInput): number {
    const result = this.db
      .prepare(
        'INSERT INTO audit (t_ms, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.tMs,
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      );
    return Number(result.lastInsertRowid);
  }

  latest(limit: number): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<{
      id: number;
      t_ms: number;
      actor: string;
      action: string;
      target: string | null;
      before: string | null;
      after: string | null;
    }>;
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
