import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open-database';
import { readUpstreamWait, writeUpstreamWait } from '../../../db/sync/upstream-wait';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const CAP = 15 * 60_000;

describe('upstream wait', () => {
  it('is kept across openings of the file until it has passed', () => {
    const path = join(tempDir(), 'wait.sqlite');
    const first = openDatabase(path);
    expect(readUpstreamWait(first.db, 1000, CAP)).toBeNull();
    writeUpstreamWait(first.db, { notBeforeMs: 601_000, status: 429, nowMs: 1000 });
    first.db.close();

    const second = openDatabase(path);
    expect(readUpstreamWait(second.db, 2000, CAP)).toEqual({ notBeforeMs: 601_000, status: 429 });
    expect(readUpstreamWait(second.db, 601_000, CAP)).toBeNull();
    writeUpstreamWait(second.db, { notBeforeMs: 9000, status: 503, nowMs: 4000 });
    expect(readUpstreamWait(second.db, 5000, CAP)).toEqual({ notBeforeMs: 9000, status: 503 });
    second.db.close();
  });

  it('never reaches further than the cap from now (a clock set backwards)', () => {
    const { db } = openDatabase(join(tempDir(), 'clock.sqlite'));
    writeUpstreamWait(db, { notBeforeMs: 10 * 3_600_000, status: 429, nowMs: 9 * 3_600_000 });
    expect(readUpstreamWait(db, 0, CAP)).toEqual({ notBeforeMs: CAP, status: 429 });
    db.close();
  });
});
