import type { Migration } from './migration';

/**
 * The task library (teaching): tasks, every saved version of each task's program (JSON, the
 * versioned program format of native/teach/program.ts), and which robots a task is assigned to.
 */
export const taskLibrary: Migration = {
  version: 8,
  name: 'task library',
  up(db) {
    db.exec(`
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        robot_profile TEXT NOT NULL,
        latest_version INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE task_versions (
        task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        program TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (task_id, version)
      ) STRICT;

      CREATE TABLE task_assignments (
        task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        robot_id TEXT NOT NULL,
        assigned_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (task_id, robot_id)
      ) STRICT;
      CREATE INDEX task_assignments_robot ON task_assignments (robot_id);
    `);
  },
};
