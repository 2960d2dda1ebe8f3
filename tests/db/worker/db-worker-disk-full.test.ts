import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DbClient } from '../../../db/db-client';
import type { StorageHealth, TelemetryBatch } from '../../../native/domain';
import { mountSmallVolume, type SmallVolume } from '../../helpers/small-volume';

const mounted = mountSmallVolume(8);
const volume: SmallVolume | null = 'skip' in mounted ? null : mounted;
if ('skip' in mounted) console.warn(`db worker disk-full test skipped: ${mounted.skip}`);

afterAll(() => volume?.unmount());

let tick = 0;
function batch(samples = 50): TelemetryBatch {
  return {
    robotId: 'arm-1',
    samples: Array.from({ length: samples }, () => {
      tick += 20;
      return {
        tMs: 1_700_000_000_000 + tick,
        joint: 'joint1',
        positionRad: Math.sin(tick / 1000),
        velocityRadS: Math.cos(tick / 777),
        currentA: (tick % 97) / 100,
        voltageV: 12 + (tick % 13) / 10,
        temperatureC: 30 + (tick % 7),
        hwError: 0,
      };
    }),
  };
}

async function until<T>(what: string, check: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function storedSamples(path: string): number {
  const check = new Database(path, { readonly: true });
  try {
    return (
      check.prepare('SELECT coalesce(sum(n), 0) AS n FROM telemetry_chunks').get() as {
        n: number;
      }
    ).n;
  } finally {
    check.close();
  }
}

describe.skipIf(!volume)('database worker on a disk that fills up', () => {
  let db: DbClient;
  let path: string;
  const seen: StorageHealth[] = [];
  beforeAll(async () => {
    path = join(volume!.dir, 'x.sqlite');
    db = await DbClient.open({ path });
    db.onStorageChange((health) => seen.push(health));
  });
  afterAll(() => db?.close());

  it('refuses writes with disk_full, keeps every accepted sample and resumes when space returns', async () => {
    let accepted = 0;
    for (let i = 0; i < 20; i++) accepted += (await db.call('appendTelemetry', batch())).accepted;
    await db.call('flushTelemetry');
    expect(db.storage.state).toBe('ok');

    const filler = volume!.fill();
    // Telemetry keeps being accepted into memory; the flushes behind it meet the full disk.
    const refused: { code: string; message: string }[] = [];
    await until('the worker to report disk_full', async () => {
      for (let i = 0; i < 5; i++) {
        accepted += (await db.call('appendTelemetry', batch(200))).accepted;
      }
      await db
        .call('appendEvent', {
          tMs: Date.now(),
          kind: 'system',
          severity: 'info',
          text: 'x'.repeat(4000),
        })
        .catch((error: { code: string; message: string }) => refused.push(error));
      return db.storage.state === 'disk_full';
    });
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.at(-1)).toMatchObject({ code: 'disk_full' });
    expect(refused.at(-1)!.message).toMatch(/disk is full.*Free space on/);
    expect(db.storage.volume).toBe(volume!.dir);
    expect(db.storage.bytesFree).not.toBeNull();
    expect(db.storage.heldSamples).toBeGreaterThan(0);
    // The worker is alive: reads still answer.
    expect(await db.call('countEvents')).toBeGreaterThanOrEqual(0);
    const whileFull = storedSamples(path);
    expect(whileFull).toBeLessThan(accepted);

    rmSync(filler);
    await until('logging to resume', () => db.storage.state === 'ok');
    await db.call('appendEvent', {
      tMs: Date.now(),
      kind: 'system',
      severity: 'info',
      text: 'back',
    });
    for (let i = 0; i < 5; i++) accepted += (await db.call('appendTelemetry', batch())).accepted;
    await db.call('flushTelemetry');
    expect(storedSamples(path)).toBe(accepted);
    expect(seen.map((h) => h.state)).toEqual(expect.arrayContaining(['disk_full', 'ok']));
    expect(db.storage.droppedSamples).toBe(0);
  }, 60_000);
});
