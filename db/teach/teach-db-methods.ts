/**
 * The task library (migration 008): save (each save is a new version), read any version,
 * duplicate, assign to robots, and list what is assigned to a robot. Programs are stored as the
 * JSON of the versioned program format; they were validated by the caller (native/teach/program.ts)
 * before they reach here. Every change writes its audit row in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AuditRepository } from '../repositories/audit-repository';

export interface TaskSummaryRecord {
  id: string;
  name: string;
  robotProfile: string;
  version: number;
  createdMs: number;
  updatedMs: number;
  stepCount: number;
  assignedRobots: string[];
}

export interface TaskVersionRecord {
  version: number;
  createdMs: number;
  actor: string;
  note: string | null;
}

export interface TaskRecord {
  task: TaskSummaryRecord;
  /** The program JSON of the requested (or latest) version. */
  program: string;
  version: number;
  versions: TaskVersionRecord[];
}

type TaskRow = {
  id: string;
  name: string;
  robot_profile: string;
  latest_version: number;
  created_ms: number;
  updated_ms: number;
};

export function createTeachDbMethods(db: Database) {
  const audit = new AuditRepository(db);
  const summary = (row: TaskRow): TaskSummaryRecord => {
    const program = db
      .prepare('SELECT program FROM task_versions WHERE task_id = ? AND version = ?')
      .get(row.id, row.latest_version) as { program: string } | undefined;
    let stepCount = 0;
    try {
      stepCount =
        (JSON.parse(program?.program ?? '{}') as { steps?: unknown[] }).steps?.length ?? 0;
    } catch {
      stepCount = 0;
    }
    const robots = db
      .prepare('SELECT robot_id FROM task_assignments WHERE task_id = ? ORDER BY robot_id')
      .all(row.id) as { robot_id: string }[];
    return {
      id: row.id,
      name: row.name,
      robotProfile: row.robot_profile,
      version: row.latest_version,
      createdMs: row.created_ms,
      updatedMs: row.updated_ms,
      stepCount,
      assignedRobots: robots.map((r) => r.robot_id),
    };
  };
  const row = (id: string) =>
    db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
  const requireRow = (id: string) => {
    const r = row(id);
    if (!r) throw new Error(`There is no task with id "${id}" in the library.`);
    return r;
  };

  return {
    listTasks(args: { robotId?: string } = {}): TaskSummaryRecord[] {
      const rows = (
        args.robotId
          ? db
              .prepare(
                'SELECT t.* FROM tasks t JOIN task_assignments a ON a.task_id = t.id WHERE a.robot_id = ? ORDER BY t.updated_ms DESC',
              )
              .all(args.robotId)
          : db.prepare('SELECT * FROM tasks ORDER BY updated_ms DESC').all()
      ) as TaskRow[];
      return rows.map(summary);
    },

    getTask(args: { id: string; version?: number }): TaskRecord {
      const r = requireRow(args.id);
      const version = args.version ?? r.latest_version;
      const v = db
        .prepare('SELECT program FROM task_versions WHERE task_id = ? AND version = ?')
        .get(args.id, version) as { program: string } | undefined;
      if (!v)
        throw new Error(
          `Task "${r.name}" has no version ${version} (latest is ${r.latest_version}).`,
        );
      const versions = (
        db
          .prepare(
            'SELECT version, created_ms, actor, note FROM task_versions WHERE task_id = ? ORDER BY version DESC',
          )
          .all(args.id) as {
          version: number;
          created_ms: number;
          actor: string;
          note: string | null;
        }[]
      ).map((x) => ({
        version: x.version,
        createdMs: x.created_ms,
        actor: x.actor,
        note: x.note,
      }));
      return { task: summary(r), program: v.program, version, versions };
    },

    /** A new task (no id) or a new version of an existing one. */
    saveTask(args: {
      id?: string;
      name: string;
      robotProfile: string;
      program: string;
      actor: string;
      nowMs: number;
      note?: string;
    }): TaskSummaryRecord {
      return db.transaction(() => {
        const existing = args.id ? requireRow(args.id) : undefined;
        const id = existing?.id ?? randomUUID();
        const version = (existing?.latest_version ?? 0) + 1;
        if (existing) {
          db.prepare(
            'UPDATE tasks SET name = ?, robot_profile = ?, latest_version = ?, updated_ms = ? WHERE id = ?',
          ).run(args.name, args.robotProfile, version, args.nowMs, id);
        } else {
          db.prepare(
            'INSERT INTO tasks (id, name, robot_profile, latest_version, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(id, args.name, args.robotProfile, version, args.nowMs, args.nowMs);
        }
        db.prepare(
          'INSERT INTO task_versions (task_id, version, program, created_ms, actor, note) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(id, version, args.program, args.nowMs, args.actor, args.note ?? null);
        audit.append({
          tMs: args.nowMs,
          actor: args.actor,
          action: existing ? 'task.save-version' : 'task.create',
          target: id,
          before: existing ? { name: existing.name, version: existing.latest_version } : null,
          after: { name: args.name, version, note: args.note ?? null },
        });
        return summary(requireRow(id));
      })();
    },

    duplicateTask(args: {
      id: string;
      name: string;
      actor: string;
      nowMs: number;
    }): TaskSummaryRecord {
      return db.transaction(() => {
        const source = requireRow(args.id);
        const v = db
          .prepare('SELECT program FROM task_versions WHERE task_id = ? AND version = ?')
          .get(args.id, source.latest_version) as { program: string };
        const program = JSON.parse(v.program) as { name?: string };
        program.name = args.name;
        const id = randomUUID();
        db.prepare(
          'INSERT INTO tasks (id, name, robot_profile, latest_version, created_ms, updated_ms) VALUES (?, ?, ?, 1, ?, ?)',
        ).run(id, args.name, source.robot_profile, args.nowMs, args.nowMs);
        db.prepare(
          'INSERT INTO task_versions (task_id, version, program, created_ms, actor, note) VALUES (?, 1, ?, ?, ?, ?)',
        ).run(
          id,
          JSON.stringify(program),
          args.nowMs,
          args.actor,
          `copy of ${source.name} v${source.latest_version}`,
        );
        audit.append({
          tMs: args.nowMs,
          actor: args.actor,
          action: 'task.duplicate',
          target: id,
          before: { from: source.id, version: source.latest_version },
          after: { name: args.name },
        });
        return summary(requireRow(id));
      })();
    },

    /** Replaces the set of robots the task is assigned to. */
    assignTask(args: {
      id: string;
      robotIds: string[];
      actor: string;
      nowMs: number;
    }): TaskSummaryRecord {
      return db.transaction(() => {
        const r = requireRow(args.id);
        const before = summary(r).assignedRobots;
        db.prepare('DELETE FROM task_assignments WHERE task_id = ?').run(args.id);
        const insert = db.prepare(
          'INSERT INTO task_assignments (task_id, robot_id, assigned_ms, actor) VALUES (?, ?, ?, ?)',
        );
        for (const robotId of new Set(args.robotIds))
          insert.run(args.id, robotId, args.nowMs, args.actor);
        audit.append({
          tMs: args.nowMs,
          actor: args.actor,
          action: 'task.assign',
          target: args.id,
          before,
          after: [...new Set(args.robotIds)].sort(),
        });
        return summary(requireRow(args.id));
      })();
    },

    isTaskAssigned(args: { id: string; robotId: string }): boolean {
      return (
        db
          .prepare('SELECT 1 FROM task_assignments WHERE task_id = ? AND robot_id = ?')
          .get(args.id, args.robotId) !== undefined
      );
    },
  };
}
