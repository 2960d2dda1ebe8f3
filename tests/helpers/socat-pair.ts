import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PtyPair {
  /** The app's end, e.g. /tmp/x/ttyGenba. */
  app: string;
  /** The device's end, where a simulator attaches. */
  device: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A real PTY pair from socat: bytes written to one end come out of the other. */
export async function startPtyPair(dir: string, name = 'bus'): Promise<PtyPair> {
  const app = join(dir, `${name}-app`);
  const device = join(dir, `${name}-device`);
  const child = spawn('socat', [`pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${device}`], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (!(existsSync(app) && existsSync(device))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(
        'socat did not create the PTY pair (is socat installed? run bin/install-test-deps)',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    app,
    device,
    process: child,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
