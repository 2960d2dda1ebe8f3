import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 2: telemetry store', () => {
  it('creates the series, chunk, rollup and keep-window tables, their indexes, the keep trigger and event filters', () => {
    expect(whatMigrationAdds(tempDir(), 2)).toEqual({
      objects: [
        'index events_by_kind',
        'index events_by_robot',
        'index events_by_severity',
        'index keep_windows_by_from',
        'index telemetry_chunks_by_series_time',
        'index telemetry_chunks_by_time',
        'index telemetry_rollups_by_time',
        'table keep_windows',
        'table telemetry_chunks',
        'table telemetry_rollups',
        'table telemetry_series',
        'trigger events_keep_window',
      ],
      addedColumns: {},
    });
  });

  it('gives each table its columns', () => {
    const { db } = freshAt(tempDir(), 2);
    expect(columns(db, 'telemetry_series')).toEqual(['id', 'robot_id', 'joint']);
    expect(columns(db, 'telemetry_chunks')).toEqual([
      'id',
      'series_id',
      't0_ms',
      't1_ms',
      'n',
      'data',
    ]);
    expect(columns(db, 'telemetry_rollups')).toEqual(['series_id', 'level', 't0_ms', 'n', 'data']);
    expect(columns(db, 'keep_windows')).toEqual([
      'id',
      'robot_id',
      'from_ms',
      'to_ms',
      'event_id',
      'reason',
    ]);
    db.close();
  });

  it('opens a keep window of ±60 s around alert, fault and task events, and none around others', () => {
    const { db } = freshAt(tempDir(), 2);
    const event = db.prepare(
      "INSERT INTO events (t_ms, robot_id, kind, severity, text, data) VALUES (?, 'arm', ?, 'info', 'x', ?)",
    );
    event.run(100_000, 'fault', null);
    event.run(200_000, 'state', null);
    event.run(300_000, 'task', JSON.stringify({ startedMs: 250_000 }));
    expect(
      db.prepare('SELECT robot_id, from_ms, to_ms, reason FROM keep_windows ORDER BY id').all(),
    ).toEqual([
      { robot_id: 'arm', from_ms: 40_000, to_ms: 160_000, reason: 'fault' },
      // A task run is kept whole: from its start.
      { robot_id: 'arm', from_ms: 190_000, to_ms: 360_000, reason: 'task' },
    ]);
    db.close();
  });

  it('follows the keepWindowS setting', () => {
    const { db } = freshAt(tempDir(), 2);
    db.prepare(
      "INSERT INTO settings (key, value, updated_ms) VALUES ('telemetry.keepWindowS', '5', 0)",
    ).run();
    db.prepare(
      "INSERT INTO events (t_ms, kind, severity, text) VALUES (100000, 'alert', 'warning', 'x')",
    ).run();
    expect(db.prepare('SELECT from_ms, to_ms FROM keep_windows').get()).toEqual({
      from_ms: 95_000,
      to_ms: 105_000,
    });
    db.close();
  });

  it('keeps one series per robot joint', () => {
    const { db } = freshAt(tempDir(), 2);
    const add = db.prepare(
      "INSERT INTO telemetry_series (robot_id, joint) VALUES ('arm', 'joint1')",
    );
    add.run();
    expect(() => add.run()).toThrow(/UNIQUE/);
    db.close();
  });
});
