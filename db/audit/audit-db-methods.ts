/**
 * The audit part of the database worker's method map (spread into db-methods.ts): append one
 * chained row (for actions that are not database writes, such as a robot command as it is
 * accepted), page through the trail for the viewer, and verify the chain.
 */
import type { Database } from 'better-sqlite3';
import type { AuditEntryView } from '../../native/domain';
import {
  appendChainedAudit,
  auditEntryFromRow,
  verifyAuditChain,
  type AuditRowInput,
  type AuditVerification,
  type StoredAuditRow,
} from './audit-chain';

export interface AuditQuery {
  beforeId?: number;
  limit: number;
  actor?: string;
  action?: string;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createAuditDbMethods(db: Database) {
  return {
    appendAudit(entry: AuditRowInput): number {
      return db.transaction(() => appendChainedAudit(db, entry))();
    },

    queryAudit(query: AuditQuery): AuditEntryView[] {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (query.beforeId !== undefined) {
        where.push('id < ?');
        params.push(query.beforeId);
      }
      if (query.actor) {
        where.push('actor = ?');
        params.push(query.actor);
      }
      if (query.action) {
        where.push("action LIKE ? ESCAPE '\\'");
        params.push(`${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, Math.min(query.limit, 500)) as StoredAuditRow[];
      return rows.map((row) => ({ ...auditEntryFromRow(row, parseJson), hash: row.hash }));
    },

    verifyAudit(): AuditVerification {
      return verifyAuditChain(db);
    },
  };
}
