import type { Database } from 'better-sqlite3';
import {
  isEventMessageCode,
  renderEventMessage,
  type EventKind,
  type EventMessage,
  type EventQuery,
  type LogEvent,
  type Severity,
} from '../../native/domain';

export interface NewEvent {
  tMs: number;
  robotId?: string | null;
  kind: EventKind;
  severity: Severity;
  user?: string | null;
  /** The English text; with a message, its English rendering (`messageEvent` gives both). */
  text: string;
  message?: EventMessage;
  data?: unknown;
}

/** An `events` row as SQLite returns it. */
export type EventRow = {
  id: number;
  t_ms: number;
  robot_id: string | null;
  kind: EventKind;
  severity: Severity;
  user: string | null;
  text: string;
  message: string | null;
};

/** The stored message, or null where there is none or it is not one this version knows. */
export function messageFromColumn(json: string | null): EventMessage | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as { code?: unknown; params?: unknown };
    if (!isEventMessageCode(value.code)) return null;
    if (typeof value.params !== 'object' || value.params === null) return null;
    return { code: value.code, params: value.params as EventMessage['params'] };
  } catch {
    return null;
  }
}

/** An event without its author, as the timeline and the shift report mark it. */
export function eventMarkFromRow(row: Omit<EventRow, 'user'>): Omit<LogEvent, 'user'> {
  return {
    id: row.id,
    tMs: row.t_ms,
    robotId: row.robot_id,
    kind: row.kind,
    severity: row.severity,
    text: row.text,
    message: messageFromColumn(row.message),
  };
}

export function logEventFromRow(row: EventRow): LogEvent {
  const { text, message, ...head } = eventMarkFromRow(row);
  // The author stands before the text, as in LogEvent.
  return { ...head, user: row.user, text, message };
}

/** The trigram tokenizer cannot match fewer than three characters; those fall back to LIKE. */
const FTS_MIN_CHARS = 3;

export class EventsRepository {
  constructor(private readonly db: Database) {}

  append(event: NewEvent): LogEvent {
    const result = this.db
      .prepare(
        'INSERT INTO events (t_ms, robot_id, kind, severity, user, text, data, message, text_ja) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        event.tMs,
        event.robotId ?? null,
        event.kind,
        event.severity,
        event.user ?? null,
        event.text,
        event.data === undefined ? null : JSON.stringify(event.data),
        event.message ? JSON.stringify(event.message) : null,
        event.message ? renderEventMessage(event.message, 'ja') : null,
      );
    return {
      id: Number(result.lastInsertRowid),
      tMs: event.tMs,
      robotId: event.robotId ?? null,
      kind: event.kind,
      severity: event.severity,
      user: event.user ?? null,
      text: event.text,
      message: event.message ?? null,
    };
  }

  query(query: EventQuery): LogEvent[] {
    const { from, where, params, viaBigrams } = eventFilterSql(query);
    if (query.beforeId !== undefined) {
      where.push(viaBigrams ? 'b.event_id < ?' : 'e.id < ?');
      params.push(query.beforeId);
    }
    const sql = `SELECT e.id, e.t_ms, e.robot_id, e.kind, e.severity, e.user, e.text, e.message FROM ${from}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${viaBigrams ? 'b.event_id' : 'e.id'} DESC LIMIT ?`;
    params.push(query.limit ?? 200);
    const rows = this.db.prepare(sql).all(...params) as EventRow[];
    return rows.map(logEventFromRow);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }
}

/** What a search selects, without paging: the Logs table and the export read the same rows. */
export type EventFilter = Omit<EventQuery, 'limit' | 'beforeId'>;

/**
 * The FROM and WHERE of a search (events aliased `e`). A two-character word with a non-ASCII
 * character walks the bigram index (aliased `b`); three characters and more go through FTS; a
 * shorter ASCII word falls back to LIKE.
 */
export function eventFilterSql(query: EventFilter): {
  from: string;
  where: string[];
  params: unknown[];
  viaBigrams: boolean;
} {
  const where: string[] = [];
  const params: unknown[] = [];
  const text = query.text?.trim();
  let from = 'events e';
  if (text && isIndexedBigram(text)) {
    from = 'events_bigrams b JOIN events e ON e.id = b.event_id';
    where.push('b.gram = ?');
    params.push(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  } else if (text) {
    if ([...text].length >= FTS_MIN_CHARS) {
      where.push('e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)');
      params.push(ftsPhrase(text));
    } else {
      where.push("e.text LIKE ? ESCAPE '\\'");
      params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  if (query.robotId !== undefined) {
    where.push('e.robot_id = ?');
    params.push(query.robotId);
  }
  if (query.kinds?.length) {
    where.push(`e.kind IN (${query.kinds.map(() => '?').join(',')})`);
    params.push(...query.kinds);
  }
  if (query.severities?.length) {
    where.push(`e.severity IN (${query.severities.map(() => '?').join(',')})`);
    params.push(...query.severities);
  }
  if (query.fromMs !== undefined) {
    where.push('e.t_ms >= ?');
    params.push(query.fromMs);
  }
  if (query.toMs !== undefined) {
    where.push('e.t_ms < ?');
    params.push(query.toMs);
  }
  return { from, where, params, viaBigrams: from !== 'events e' };
}

/** Exactly two characters, at least one of them non-ASCII: what events_bigrams holds. */
function isIndexedBigram(text: string): boolean {
  const chars = [...text];
  return chars.length === 2 && chars.some((c) => c.codePointAt(0)! > 127);
}

/** Quote user text as one FTS5 phrase so operators like AND/NEAR/* are taken literally. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
