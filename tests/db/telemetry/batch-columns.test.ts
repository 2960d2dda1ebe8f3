import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DbClient } from '../../../db/db-client';
import { batchToColumns, columnBuffers } from '../../../db/telemetry/batch-columns';
import type { TelemetrySample } from '../../../electron/shared/contract';

const T0 = Date.UTC(2026, 0, 1);
const sample = (i: number, joint: string): TelemetrySample => ({
  tMs: T0 + i * 20,
  joint,
  positionRad: i * 0.001534,
  velocityRadS: 0.024 * (i % 7),
  currentA: 0.00269 * (i % 11),
  voltageV: 12,
  temperatureC: 30 + (i % 3),
  hwError: i === 7 ? 32 : 0,
});

describe('object telemetry batches cross to the worker as transferred columns', () => {
  it('groups by joint, keeps order, one buffer per joint', () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i, i % 2 ? 'joint2' : 'joint1'));
    const columns = batchToColumns({ robotId: 'arm', samples })!;
    expect(columns.map((c) => c.joint)).toEqual(['joint1', 'joint2']);
    expect([...columns[1]!.tMs]).toEqual([1, 3, 5, 7, 9].map((i) => T0 + i * 20));
    expect(columns[1]!.values[5]![3]).toBe(32);
    expect(columnBuffers(columns)).toHaveLength(2);
    expect(batchToColumns({ robotId: 'arm', samples: [{ ...samples[0]!, tMs: NaN }] })).toBeNull();
  });

  it('stores exactly what was sent (DbClient appendTelemetry → full-rate read)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genba-batch-columns-'));
    const db = await DbClient.open({ path: join(dir, 'log.sqlite') });
    try {
      const samples = Array.from({ length: 300 }, (_, i) => sample(i, 'joint1'));
      await db.call('appendTelemetry', { robotId: 'arm', samples });
      const [raw] = await db.call('telemetryRaw', {
        robotId: 'arm',
        joint: 'joint1',
        fromMs: T0,
        toMs: T0 + 10_000,
      });
      expect(raw!.tMs).toEqual(samples.map((s) => s.tMs));
      expect(raw!.hwError).toEqual(samples.map((s) => s.hwError));
      expect(raw!.temperatureC).toEqual(samples.map((s) => s.temperatureC));
      await expect(
        db.call('appendTelemetry', { robotId: 'arm', samples: [{ ...samples[0]!, tMs: NaN }] }),
      ).rejects.toMatchObject({ code: 'invalid-telemetry' });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
