/** `genba demo` running out of disk: the reason on its own line after the progress, exit 1. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runGenba } from '../../../helpers/genba-process';
import { mountSmallVolume, type SmallVolume } from '../../../helpers/small-volume';

const mounted = mountSmallVolume(8);
const volume: SmallVolume | null = 'skip' in mounted ? null : mounted;
if ('skip' in mounted) console.warn(`genba demo disk-full test skipped: ${mounted.skip}`);

afterAll(() => volume?.unmount());

describe.skipIf(!volume)('genba demo on a disk that fills up', () => {
  it('prints the full disk as a one-line error of its own, not on the progress line', async () => {
    volume!.fill(1_048_576);
    const path = join(volume!.dir, 'demo.sqlite');
    const result = await runGenba(['demo', '--db', path, '--minutes', '600'], 120_000);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    const error = lines.at(-1)!;
    expect(error).toMatch(
      /^genba: genba demo: the disk holding .*demo\.sqlite is full \([\d.]+ MB free on .*\); free space there and try again\.$/,
    );
    // The progress line came first and ended before the error.
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-2)).toMatch(/Simulating… \d+ \/ 600 min$/);
  }, 150_000);
});
