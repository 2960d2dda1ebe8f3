/**
 * A reader that goes away before genba has written (`genba … | head`, a closed terminal) ends
 * the command quietly: exit 0, nothing on stderr, no stack trace.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/genba-process';

describe('output to a closed pipe', () => {
  it('ends quietly with exit 0', async () => {
    const child = spawn(`${ROOT}bin/genba`, ['export', '--help'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The read end closes long before the CLI has started, so its first write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
