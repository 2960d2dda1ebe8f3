import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir';
import { columns, freshAt, whatMigrationAdds } from './migration-steps';

const tempDir = useTempDir();

describe('migration 4: model registry and alerts', () => {
  it('creates model_packs (one active, one previous) and alerts with their indexes', () => {
    expect(whatMigrationAdds(tempDir(), 4)).toEqual({
      objects: [
        'index alerts_by_state',
        'index alerts_by_time',
        'index model_packs_one_active',
        'index model_packs_one_previous',
        'table alerts',
        'table model_packs',
      ],
      addedColumns: {},
    });
  });

  it('gives each table its columns', () => {
    const { db } = freshAt(tempDir(), 4);
    expect(columns(db, 'model_packs')).toEqual([
      'id',
      'name',
      'version',
      'digest',
      'dir',
      'key_id',
      'development_key',
      'manifest',
      'imported_ms',
      'activated_ms',
      'state',
    ]);
    expect(columns(db, 'alerts')).toEqual([
      'id',
      'robot_id',
      'joint',
      'fault',
      'state',
      'raised_ms',
      'acknowledged_ms',
      'acknowledged_by',
      'resolved_ms',
      'confidence',
      'anomaly',
      'by_hardware',
      'model',
      'evidence',
    ]);
    db.close();
  });

  it('allows one active and one previous pack at a time, and only the known states', () => {
    const { db } = freshAt(tempDir(), 4);
    const pack = db.prepare(
      "INSERT INTO model_packs (name, version, digest, dir, key_id, development_key, manifest, imported_ms, state) VALUES ('p', ?, ?, 'd', 'k', 0, '{}', 0, ?)",
    );
    pack.run('1', 'a', 'active');
    pack.run('2', 'b', 'previous');
    pack.run('3', 'c', 'available');
    pack.run('4', 'd', 'available');
    expect(() => pack.run('5', 'e', 'active')).toThrow(/UNIQUE/);
    expect(() => pack.run('6', 'f', 'previous')).toThrow(/UNIQUE/);
    expect(() => pack.run('7', 'g', 'retired')).toThrow(/CHECK/);
    expect(() => pack.run('8', 'a', 'available')).toThrow(/UNIQUE/);
    db.close();
  });

  it('keeps an alert in one of raised, acknowledged, resolved, with no evidence by default', () => {
    const { db } = freshAt(tempDir(), 4);
    const alert = db.prepare(
      "INSERT INTO alerts (id, robot_id, joint, fault, state, raised_ms, confidence, anomaly, by_hardware) VALUES (?, 'arm', 'joint2', 'overheating', ?, 0, 0.9, 0.1, 0)",
    );
    for (const state of ['raised', 'acknowledged', 'resolved']) alert.run(state, state);
    expect(() => alert.run('x', 'dismissed')).toThrow(/CHECK/);
    expect(db.prepare("SELECT evidence FROM alerts WHERE id = 'raised'").pluck().get()).toBe('[]');
    db.close();
  });
});
