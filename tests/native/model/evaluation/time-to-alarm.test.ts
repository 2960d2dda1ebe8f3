/** Time-to-alarm scoring on hand-built estimates, and the naive reference on a known trend. */
import { describe, expect, it } from 'vitest';
import {
  naiveTimeToAlarm,
  scoreTimeToAlarm,
} from '../../../../native/model/evaluation/time-to-alarm';
import type { TelemetryRow } from '../../../../native/model/telemetry';

describe('time-to-alarm scoring', () => {
  const truthPoints = [
    { tMs: 0, remainingS: 600 },
    { tMs: 60_000, remainingS: 540 },
    { tMs: 480_000, remainingS: 120 },
    { tMs: 540_000, remainingS: 60 },
  ];

  it('scores the estimate in force, relative to the truth, only with ≥ 2 min remaining', () => {
    const s = scoreTimeToAlarm([
      {
        truth: truthPoints,
        estimates: [
          { tMs: 0, remainingS: 450 }, // error 150/600 = 0.25
          { tMs: 50_000, remainingS: 500 }, // at 60 s: 490 vs 540 → 0.093
          { tMs: 470_000, remainingS: 190 }, // at 480 s: 180 vs 120 → 0.5
          { tMs: 540_000, remainingS: 0 }, // under 2 min: not scored
        ],
      },
    ]);
    expect(s).toEqual({ points: 3, covered: 3, medianRelativeError: 0.25, within25Percent: 0.667 });
  });

  it('leaves instants without a recent estimate uncovered, and "no alarm in sight" as a miss', () => {
    const s = scoreTimeToAlarm([
      { truth: truthPoints, estimates: [{ tMs: 0, remainingS: Infinity }] },
    ]);
    expect(s.points).toBe(3);
    expect(s.covered).toBe(1);
    expect(s.medianRelativeError).toBeNull();
  });
});

describe('the naive reference estimator', () => {
  // A joint warming at 1 °C per minute from 50 °C towards an 80 °C limit, sampled at 10 Hz.
  const rows: TelemetryRow[] = [];
  for (let t = 0; t <= 1_200_000; t += 100)
    rows.push({
      tMs: t,
      robot: 'r',
      joint: 'j2',
      positionRad: 0,
      velocityRadS: 0,
      currentA: 0.5,
      voltageV: 12,
      temperatureC: Math.round(50 + t / 60_000),
      hwError: 0,
    });
  const points = [300_000, 600_000, 900_000].map((tMs) => ({
    tMs,
    remainingS: (80 - 50) * 60 - tMs / 1000,
  }));

  it('extrapolates the trend of the quantised temperature to the limit', () => {
    const est = naiveTimeToAlarm(rows, { joint: 'j2', basis: 'overheating', limit: 80, points });
    expect(est).toHaveLength(3);
    est.forEach((e, i) => {
      const truth = points[i]?.remainingS ?? 0;
      // Whole degrees bias the fit by up to half a degree: half a minute at 1 °C/min.
      expect(Math.abs(e.remainingS - truth)).toBeLessThan(0.02 * truth + 60);
    });
    expect(scoreTimeToAlarm([{ truth: points, estimates: est }]).medianRelativeError).toBeLessThan(
      0.1,
    );
  });

  it('sees no alarm coming when the temperature is flat', () => {
    const flat = rows.map((r) => ({ ...r, temperatureC: 60 }));
    const est = naiveTimeToAlarm(flat, { joint: 'j2', basis: 'overheating', limit: 80, points });
    expect(est.every((e) => e.remainingS === Infinity)).toBe(true);
  });
});
