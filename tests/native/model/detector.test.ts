import { describe, expect, it } from 'vitest';
import { diagnoseRows, nextWindowEnd, STRIDE_MS } from '../../../native/model/detector';
import { JointSeries, WINDOW_MS } from '../../../native/model/features';
import type { TelemetryRow } from '../../../native/model/telemetry';
import { runScenario } from '../../../native/model/training/sim-scenarios';

const rows = runScenario({
  seed: 7,
  robot: 'arm',
  durationS: 60,
  ambientC: 24,
  supplyV: 12,
  payload: 1,
  duty: 0.4,
  sampleHz: 20,
  gaps: [],
  fault: null,
}).rows;

/** Runs the detector with a classifier that only counts the windows it is given. */
async function windowsJudged(input: TelemetryRow[]): Promise<number> {
  let windows = 0;
  await diagnoseRows(input, (_, n) => {
    windows += n;
    return { probs: new Float32Array(n * 8), anomaly: new Float32Array(n) };
  });
  return windows;
}

function series(times: number[]): JointSeries {
  const s = new JointSeries();
  for (const tMs of times) s.push({ ...rows[0]!, tMs });
  return s;
}

describe('diagnoseRows', () => {
  it('judges the same windows whether a stray early sample is a minute or 56 years before the data', async () => {
    const start = Date.UTC(2026, 0, 5);
    const shifted = rows.map((r) => ({ ...r, tMs: r.tMs + start }));
    const minute = await windowsJudged([{ ...shifted[0]!, tMs: start - 60_000 }, ...shifted]);
    // Stepping every stride from 1970 would be 3.5e9 windows: this finishes only if gaps are skipped.
    const epoch = await windowsJudged([{ ...shifted[0]!, tMs: 0 }, ...shifted]);
    expect(minute).toBeGreaterThan(0);
    expect(epoch).toBe(minute);
  });
});

describe('nextWindowEnd', () => {
  it('steps one stride while a window holds samples', () => {
    const joints = new Map([['j1', series([0, 100, 200, 40_000])]]);
    expect(nextWindowEnd(joints, 10_000)).toBe(10_000 + STRIDE_MS);
    expect(nextWindowEnd(joints, WINDOW_MS + 100)).toBe(WINDOW_MS + 100 + STRIDE_MS);
  });

  it('jumps over a gap to the first window that reaches the next sample', () => {
    const joints = new Map([
      ['j1', series([0, 100, 200, 3_600_123])],
      ['j2', series([0, 150, 5_000_000])],
    ]);
    expect(nextWindowEnd(joints, 40_000)).toBe(3_600_500);
    // No sample ahead: no window left to judge.
    expect(nextWindowEnd(new Map([['j', series([1])]]), 40_000)).toBe(Infinity);
  });
});
