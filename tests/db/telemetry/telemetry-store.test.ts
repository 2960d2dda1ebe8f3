import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database';
import { CHANNEL_STEPS, CHANNELS } from '../../../db/telemetry/channels';
import { ByteReader, ByteWriter, decodeColumn, encodeColumn } from '../../../db/telemetry/codec';
import { MINUTE, SECOND } from '../../../db/telemetry/rollups';
import { TelemetryStore } from '../../../db/telemetry/telemetry-store';
import type { TelemetrySample } from '../../../electron/shared/contract';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const [POS, VEL, CUR, VOLT] = CHANNEL_STEPS as [number, number, number, number];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples on the sensors' grids, as a Dynamixel driver computes them (ticks × step). */
function makeSamples(joint: string, startMs: number, count: number, hz: number, seed: number) {
  const random = rng(seed);
  let ticks = 0;
  let vel = 0;
  const out: TelemetrySample[] = [];
  for (let i = 0; i < count; i++) {
    vel += Math.round((random() - 0.5) * 4);
    ticks += vel;
    out.push({
      tMs: startMs + Math.round((i * 1000) / hz),
      joint,
      positionRad: ticks * POS,
      velocityRadS: vel * VEL,
      currentA: Math.round((random() - 0.5) * 200) * CUR,
      voltageV: (random() < 0.01 ? 110 : 120) * VOLT,
      temperatureC: 30 + Math.floor(i / 3000),
      hwError: i > count - 50 ? 32 : 0,
    });
  }
  return out;
}

function open() {
  const opened = openDatabase(join(tempDir(), 'telemetry.sqlite'));
  const store = new TelemetryStore(opened.db, { flushIntervalMs: 0 });
  return { ...opened, store };
}

describe('telemetry codec', () => {
  it('round-trips on-grid, decimal, off-grid and special values bit for bit', () => {
    const columns: [number[], number][] = [
      [[0, 1, 2, 3, 5, 8, 13, 2 ** 40, -7].map((k) => k * POS), POS],
      [[11.7, 11.6, 12, 11.7, 11.7], 0.1],
      [[Math.PI, Math.E, 1e-300, -0, NaN, Infinity, -Infinity, 0.1 + 0.2], 0.00269],
      [[0.35, 0.36, 0.351], 0.00269],
      [[7, 7, 7, 7], 1],
    ];
    for (const [values, step] of columns) {
      const w = new ByteWriter(4);
      encodeColumn(w, values, values.length, step);
      const back = decodeColumn(new ByteReader(w.finish()), values.length, step);
      expect([...back].map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
        values.map((v) => (Object.is(v, -0) ? '-0' : v)),
      );
    }
  });
});

describe('telemetry store', () => {
  it('reads full-rate telemetry back identical after writing it', () => {
    const { db, store } = open();
    const start = Date.UTC(2026, 0, 5, 8, 59, 30);
    const joints = ['joint1', 'joint2', 'gripper'];
    const all = joints.map((joint, j) => makeSamples(joint, start, 13_000, 100, j + 1));
    // Interleaved batches of 20 samples per joint, as a poll loop sends them.
    for (let i = 0; i < 13_000; i += 20) {
      store.append({ robotId: 'arm-1', samples: all.flatMap((s) => s.slice(i, i + 20)) });
      if (i % 2000 === 0) store.flush();
    }
    store.flush();
    for (const [j, joint] of joints.entries()) {
      const raw = store.readRaw('arm-1', joint, start, start + 10 * MINUTE);
      const expected = all[j]!;
      expect(raw.tMs).toEqual(expected.map((s) => s.tMs));
      expect(raw.positionRad).toEqual(expected.map((s) => s.positionRad));
      expect(raw.velocityRadS).toEqual(expected.map((s) => s.velocityRadS));
      expect(raw.currentA).toEqual(expected.map((s) => s.currentA));
      expect(raw.voltageV).toEqual(expected.map((s) => s.voltageV));
      expect(raw.temperatureC).toEqual(expected.map((s) => s.temperatureC));
      expect(raw.hwError).toEqual(expected.map((s) => s.hwError));
    }
    // A sub-range returns exactly the samples inside it.
    const part = store.readRaw('arm-1', 'joint2', start + 1000, start + 1500);
    expect(part.tMs).toEqual(
      all[1]!.filter((s) => s.tMs >= start + 1000 && s.tMs < start + 1500).map((s) => s.tMs),
    );
    const bytes = (
      db.prepare('SELECT sum(length(data)) AS b FROM telemetry_chunks').get() as { b: number }
    ).b;
    expect(bytes / (3 * 13_000 * 6)).toBeLessThan(2);
    db.close();
  });

  it('stores off-grid values losslessly too', () => {
    const { db, store } = open();
    const samples = Array.from({ length: 500 }, (_, i) => ({
      tMs: 1_000_000 + i * 10.5,
      joint: 'fingers',
      positionRad: Math.sin(i / 10),
      velocityRadS: i / 3,
      currentA: 0.01 * (i % 7),
      voltageV: 24,
      temperatureC: 31.5,
      hwError: 0,
    }));
    store.append({ robotId: 'gripper-1', samples });
    const raw = store.readRaw('gripper-1', 'fingers', 0, 2_000_000);
    expect(raw.tMs).toEqual(samples.map((s) => s.tMs));
    expect(raw.positionRad).toEqual(samples.map((s) => s.positionRad));
    expect(raw.currentA).toEqual(samples.map((s) => s.currentA));
    db.close();
  });

  it('keeps rollups equal to values computed directly from the samples', () => {
    const { db, store } = open();
    const start = Date.UTC(2026, 0, 5, 9, 58, 47, 310);
    const samples = makeSamples('joint3', start, 30_000, 50, 9); // 10 minutes at 50 Hz
    for (let i = 0; i < samples.length; i += 137) {
      store.append({ robotId: 'arm-2', samples: samples.slice(i, i + 137) });
      if (i % 5000 < 137) store.flush();
    }
    // A new store instance on the same file continues the open blocks (as after a restart).
    store.flush();
    const store2 = new TelemetryStore(db, { flushIntervalMs: 0 });
    const more = makeSamples('joint3', start + 600_000, 3000, 50, 10);
    store2.append({ robotId: 'arm-2', samples: more });
    const everything = [...samples, ...more];

    for (const level of [SECOND, MINUTE] as const) {
      const groups = new Map<number, TelemetrySample[]>();
      for (const s of everything) {
        const key = Math.floor(s.tMs / level) * level;
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      const entries = store2.rollupEntries('arm-2', 'joint3', level);
      expect(entries.map((e) => e.tMs)).toEqual([...groups.keys()]);
      for (const entry of entries) {
        const group = groups.get(entry.tMs)!;
        expect(entry.n).toBe(group.length);
        const fields = [
          'positionRad',
          'velocityRadS',
          'currentA',
          'voltageV',
          'temperatureC',
          'hwError',
        ] as const;
        fields.forEach((field, c) => {
          const values = group.map((s) => s[field]);
          expect(entry.min[c]).toBe(Math.min(...values));
          expect(entry.max[c]).toBe(Math.max(...values));
          expect(entry.last[c]).toBe(values.at(-1));
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          expect(entry.sum[c]! / entry.n).toBeCloseTo(mean, 12);
        });
      }
    }
    db.close();
  });

  it('downsamples a channel to chart points, keeping the extremes, from the right source', () => {
    const { db, store } = open();
    const start = Date.UTC(2026, 0, 5, 10);
    const samples = makeSamples('joint1', start, 60_000, 100, 3); // 10 minutes at 100 Hz
    store.append({ robotId: 'arm-1', samples });
    const currents = samples.map((s) => s.currentA);
    const full = store.series({
      robotId: 'arm-1',
      joint: 'joint1',
      channel: 'current_a',
      fromMs: start,
      toMs: start + 600_000,
      points: 1000,
    });
    expect(full.source).toBe('full-rate');
    expect(full.sourceCount).toBe(60_000);
    expect(full.tMs.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...full.value)).toBe(Math.max(...currents));
    expect(Math.min(...full.value)).toBe(Math.min(...currents));
    const coarse = store.series({
      robotId: 'arm-1',
      joint: 'joint1',
      channel: 'current_a',
      fromMs: start - 3_600_000,
      toMs: start + 3_600_000,
      points: 100,
    });
    expect(coarse.source).toBe('per-minute');
    expect(Math.max(...coarse.max)).toBe(Math.max(...currents));
    expect(() =>
      store.series({
        robotId: 'arm-1',
        joint: 'joint1',
        channel: 'torque',
        fromMs: 0,
        toMs: 1,
        points: 10,
      }),
    ).toThrow(/Unknown telemetry channel/);
    expect(CHANNELS).toHaveLength(6);
    db.close();
  });
});
