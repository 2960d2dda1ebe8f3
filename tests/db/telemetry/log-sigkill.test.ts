import { describe, expect, it } from 'vitest';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TelemetryStore } from '../../../db/telemetry/telemetry-store';
import { forkEntry } from '../../../native/process/node-entry';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('telemetry ingest under SIGKILL', () => {
  it('keeps the database intact and loses at most the last second of sustained 100 Hz ingest', async () => {
    const path = join(tempDir(), 'kill.sqlite');
    const entry = forkEntry(new URL('./log-ingest.child.ts', import.meta.url));
    const child = fork(entry.filename, [path], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const sent: { tMs: number; wallMs: number }[] = [];
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('SENT ')) continue;
          const [, t, wall] = line.split(' ');
          sent.push({ tMs: Number(t), wallMs: Number(wall) });
        }
        // Several seconds of sustained ingest (several flushes), then kill mid-flow.
        if (sent.length >= 450) resolve();
      });
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const store = new TelemetryStore(db, { flushIntervalMs: 0, readOnly: true });
    const stored = store.readRaw('arm-1', 'joint3', 0, Number.MAX_SAFE_INTEGER).tMs;
    const expected = sent.map((s) => s.tMs);
    // What is on disk is an unbroken prefix of what was handed over…
    expect(stored).toEqual(expected.slice(0, stored.length));
    // …and what is missing was handed over within the last second before the kill
    // (the flush interval), plus scheduling slack for a loaded two-core machine.
    const missing = sent.slice(stored.length);
    const oldestMissingAge = missing.length ? killedAt - missing[0]!.wallMs : 0;
    expect(stored.length).toBeGreaterThan(0);
    expect(oldestMissingAge).toBeLessThanOrEqual(1250);
    // The rollups cover exactly the stored samples.
    const seconds = store.rollupEntries('arm-1', 'joint3', 1000);
    expect(seconds.reduce((sum, e) => sum + e.n, 0)).toBe(stored.length);
    db.close();
  });
});
