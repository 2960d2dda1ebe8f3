import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesFreeAt, storageFaultOf, storageRefusal, volumeOf } from '../../db/storage-faults';
import { mountSmallVolume, type SmallVolume } from '../helpers/small-volume';

const mounted = mountSmallVolume(2);
const volume: SmallVolume | null = 'skip' in mounted ? null : mounted;
if ('skip' in mounted) console.warn(`storage-faults volume tests skipped: ${mounted.skip}`);
afterAll(() => volume?.unmount());

describe('storage faults', () => {
  it('sorts SQLite and file-system codes into disk_full, io_error or nothing', () => {
    const coded = (code: unknown) => Object.assign(new Error('x'), { code });
    expect(storageFaultOf(coded('SQLITE_FULL'))).toBe('disk_full');
    expect(storageFaultOf(coded('ENOSPC'))).toBe('disk_full');
    expect(storageFaultOf(coded('disk_full'))).toBe('disk_full');
    expect(storageFaultOf(coded('SQLITE_IOERR'))).toBe('io_error');
    expect(storageFaultOf(coded('SQLITE_IOERR_FSYNC'))).toBe('io_error');
    expect(storageFaultOf(coded('EIO'))).toBe('io_error');
    expect(storageFaultOf(coded('SQLITE_CONSTRAINT_NOTNULL'))).toBeNull();
    expect(storageFaultOf(coded(undefined))).toBeNull();
    expect(storageFaultOf('SQLITE_FULL')).toBeNull();
    expect(storageFaultOf(null)).toBeNull();
  });

  it.skipIf(!volume)('finds the mount point and its free bytes, and a real ENOSPC', () => {
    const nested = join(volume!.dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    const file = join(nested, 'x.sqlite');
    expect(volumeOf(file)).toBe(volume!.dir);
    const roomy = bytesFreeAt(file)!;
    expect(roomy).toBeGreaterThan(1_000_000);
    const filler = volume!.fill();
    expect(bytesFreeAt(file)).toBeLessThan(roomy / 100);
    let enospc: unknown = null;
    try {
      writeFileSync(join(nested, 'more.bin'), Buffer.alloc(64 * 1024));
    } catch (error) {
      enospc = error;
    }
    expect(storageFaultOf(enospc)).toBe('disk_full');
    expect(storageRefusal('disk_full', file)).toMatch(
      new RegExp(`^the disk holding ${file} is full \\(0\\.\\d MB free on ${volume!.dir}\\)`),
    );
    rmSync(filler);
    expect(bytesFreeAt(file)).toBeGreaterThan(1_000_000);
  });

  it('gives null free bytes where the folder does not exist', () => {
    expect(bytesFreeAt('/no/such/folder/anywhere/x.sqlite')).toBeNull();
  });
});
