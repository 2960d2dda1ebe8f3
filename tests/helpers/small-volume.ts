/**
 * A small tmpfs made for one test file, so a test can fill a real disk. Mounting needs root
 * (true in the test container); elsewhere `mountSmallVolume` returns the reason it could not.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallVolume {
  dir: string;
  /** Writes a filler file until the volume has no room left (but `leaveBytes`); returns its path. */
  fill(leaveBytes?: number): string;
  unmount(): void;
}

export function mountSmallVolume(sizeMb: number): SmallVolume | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'genba-small-volume-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    return { skip: `cannot mount a ${sizeMb} MB tmpfs (needs root): ${why}` };
  }
  let fillers = 0;
  return {
    dir,
    fill(leaveBytes = 0) {
      const path = join(dir, `filler-${++fillers}.bin`);
      const fd = openSync(path, 'w');
      const block = Buffer.alloc(64 * 1024, 0x5a);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // The last partial block: whatever bytes still fit.
        for (let size = block.length / 2; size >= 512; size /= 2) {
          try {
            for (;;) writeSync(fd, block, 0, size);
          } catch {
            // try a smaller piece
          }
        }
      } finally {
        if (leaveBytes > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leaveBytes));
        closeSync(fd);
      }
      return path;
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
