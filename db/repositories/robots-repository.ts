import type { Database } from 'better-sqlite3';
import type { RobotRegistration } from '../../native/domain';

export interface RobotRecord extends RobotRegistration {
  lastSeenMs: number | null;
}

type RobotRow = {
  id: string;
  name: string;
  profile: string;
  identity: string;
  settings: string;
  created_ms: number;
  last_seen_ms: number | null;
};

/** Robots the facility knows, keyed by the identity of their adapter so a replug keeps the name. */
export class RobotsRepository {
  constructor(private readonly db: Database) {}

  list(): RobotRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM robots ORDER BY created_ms, id')
      .all() as RobotRow[];
    return rows.map(fromRow);
  }

  findByIdentity(identity: string): RobotRecord | undefined {
    const row = this.db.prepare('SELECT * FROM robots WHERE identity = ?').get(identity) as
      RobotRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  upsert(robot: Omit<RobotRecord, 'lastSeenMs'> & { lastSeenMs?: number | null }): RobotRecord {
    this.db
      .prepare(
        `INSERT INTO robots (id, name, profile, identity, settings, created_ms, last_seen_ms)
         VALUES (@id, @name, @profile, @identity, @settings, @createdMs, @lastSeenMs)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, profile = excluded.profile,
           identity = excluded.identity, settings = excluded.settings,
           last_seen_ms = excluded.last_seen_ms`,
      )
      .run({
        ...robot,
        settings: JSON.stringify(robot.settings),
        lastSeenMs: robot.lastSeenMs ?? null,
      });
    return { ...robot, lastSeenMs: robot.lastSeenMs ?? null };
  }

  touch(id: string, nowMs: number): void {
    this.db.prepare('UPDATE robots SET last_seen_ms = ? WHERE id = ?').run(nowMs, id);
  }
}

function fromRow(row: RobotRow): RobotRecord {
  return {
    id: row.id,
    name: row.name,
    profile: row.profile,
    identity: row.identity,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    createdMs: row.created_ms,
    lastSeenMs: row.last_seen_ms,
  };
}
