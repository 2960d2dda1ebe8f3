import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 8: task library', () => {
  it('creates tasks, their versions and their robot assignments', () => {
    expect(whatMigrationAdds(tempDir(), 8)).toEqual({
      objects: [
        'index task_assignments_robot',
        'table task_assignments',
        'table task_versions',
        'table tasks',
      ],
      addedColumns: {},
    });
  });

  it('gives each table its columns', () => {
    const { db } = freshAt(tempDir(), 8);
    expect(columns(db, 'tasks')).toEqual([
      'id',
      'name',
      'robot_profile',
      'latest_version',
      'created_ms',
      'updated_ms',
    ]);
    expect(columns(db, 'task_versions')).toEqual([
      'task_id',
      'version',
      'program',
      'created_ms',
      'actor',
      'note',
    ]);
    expect(columns(db, 'task_assignments')).toEqual([
      'task_id',
      'robot_id',
      'assigned_ms',
      'actor',
    ]);
    db.close();
  });

  it('removes the versions and assignments of a deleted task, and refuses them for an unknown task', () => {
    const { db } = freshAt(tempDir(), 8);
    db.prepare(
      "INSERT INTO tasks (id, name, robot_profile, latest_version, created_ms, updated_ms) VALUES ('t', 'Pick', 'openmanipulator-x', 1, 0, 0)",
    ).run();
    const version = db.prepare(
      "INSERT INTO task_versions (task_id, version, program, created_ms, actor) VALUES (?, 1, '{}', 0, 'tech')",
    );
    const assign = db.prepare(
      "INSERT INTO task_assignments (task_id, robot_id, assigned_ms, actor) VALUES (?, 'arm', 0, 'tech')",
    );
    version.run('t');
    assign.run('t');
    expect(() => version.run('missing')).toThrow(/FOREIGN KEY/);
    expect(() => assign.run('t')).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare("DELETE FROM tasks WHERE id = 't'").run();
    expect(db.prepare('SELECT count(*) FROM task_versions').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM task_assignments').pluck().get()).toBe(0);
    db.close();
  });
});
