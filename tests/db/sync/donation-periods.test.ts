import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import {
  closeExpiredPeriods,
  currentPeriod,
  robotPseudonym,
} from '../../../db/sync/donation-periods';
import { useTempDir } from '../../helpers/temp-dir';
import { T0 } from './fixtures';

const tempDir = useTempDir('genba-sync-');

function open() {
  return openDatabase(join(tempDir(), 'sync.sqlite')).db;
}

describe('donation periods', () => {
  it('pseudonyms differ between periods and cannot be recomputed once the key is destroyed', () => {
    const db = open();
    const p1 = db.transaction(() => currentPeriod(db, T0))();
    const a = robotPseudonym(db, p1, 'robot-a');
    expect(robotPseudonym(db, p1, 'robot-a')).toBe(a);
    db.transaction(() => closeExpiredPeriods(db, T0, true))();
    const row = db.prepare('SELECT key, closed_ms FROM sync_periods WHERE id = ?').get(p1.id) as {
      key: Buffer | null;
      closed_ms: number;
    };
    expect(row.key).toBeNull();
    expect(() => robotPseudonym(db, p1, 'robot-a')).toThrow(/closed/);
    const p2 = db.transaction(() => currentPeriod(db, T0 + 1))();
    expect(robotPseudonym(db, p2, 'robot-a')).not.toBe(a);
  });
});
