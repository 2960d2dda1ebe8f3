/**
 * Each injected fault produces what it claims, on its joint, in the telemetry a detector reads,
 * and the servo's own alarm trips (or not) as its protections say. Short scenarios, fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { drawScenario } from '../../../../../native/model/evaluation/second-sim/draw-scenario';
import { runSecondSimScenario } from '../../../../../native/model/evaluation/second-sim/robot-sim';
import type { ScenarioSpec } from '../../../../../native/model/evaluation/second-sim/scenario';
import { SERVO_RATINGS } from '../../../../../native/model/evaluation/second-sim/servo-ratings';
import type { FaultClass } from '../../../../../native/domain/faults';
import type { TelemetryRow } from '../../../../../native/model/telemetry';

function scenario(
  build: string,
  cls: FaultClass,
  variant: string,
  over: {
    onsetS?: number;
    durationS?: number;
    rampS?: number;
    params?: Record<string, number>;
    joint?: string;
  } = {},
  seed = 4242,
  duty: 'pick_and_place' | 'continuous' = 'pick_and_place',
): ScenarioSpec {
  const spec = drawScenario(seed, { build, sampleHz: 50, fault: { class: cls, variant }, duty });
  const f = spec.fault;
  if (!f) throw new Error('no fault drawn');
  return {
    ...spec,
    durationS: over.durationS ?? spec.durationS,
    runOnS: 0,
    fault: {
      ...f,
      onsetS: over.onsetS ?? f.onsetS,
      rampS: over.rampS ?? f.rampS,
      joint: over.joint ?? f.joint,
      params: { ...f.params, ...over.params },
    },
  };
}

const of = (rows: TelemetryRow[], joint: string, fromMs = -Infinity, toMs = Infinity) =>
  rows.filter((r) => r.joint === joint && r.tMs >= fromMs && r.tMs < toMs);
const maxAbs = (rows: TelemetryRow[], key: 'currentA' | 'velocityRadS') =>
  Math.max(0, ...rows.map((r) => Math.abs(r[key])));
/** Position change the reported velocity does not explain, per consecutive sample pair. */
function unexplained(rows: TelemetryRow[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    if (!a || !b) continue;
    const dt = (b.tMs - a.tMs) / 1000;
    if (dt <= 0 || dt > 0.05) continue;
    out.push(
      Math.abs(b.positionRad - a.positionRad - ((a.velocityRadS + b.velocityRadS) / 2) * dt),
    );
  }
  return out;
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);

describe('faults produce what they claim', () => {
  it('overload: a binding that grows past stall makes the joint strain and trips its own alarm', () => {
    const spec = scenario(
      'arm-xl430',
      'overload',
      'fast',
      {
        onsetS: 20,
        durationS: 90,
        rampS: 4,
        joint: 'shoulder_lift',
        params: { peakFraction: 1.5 },
      },
      4242,
      'continuous',
    );
    const { rows, truth } = runSecondSimScenario(spec);
    const stall = SERVO_RATINGS['XL430-W250@11.1V'].stallCurrentA;
    const alarm = truth.fault?.alarm;
    expect(alarm?.joint).toBe('shoulder_lift');
    expect(alarm && alarm.tMs - 20_000).toBeLessThan(60_000);
    expect(maxAbs(of(rows, 'shoulder_lift', 20_000, alarm?.tMs), 'currentA')).toBeGreaterThan(
      0.8 * stall,
    );
    expect(maxAbs(of(rows, 'shoulder_lift', 0, 20_000), 'currentA')).toBeLessThan(0.6 * stall);
    expect(truth.alarms.filter((a) => a.joint !== 'shoulder_lift')).toEqual([]);
  });

  it('collision: each knock is a current spike with the joint stopped dead', () => {
    const spec = scenario('so101-sts3215', 'collision', 'impact', {
      onsetS: 15,
      durationS: 70,
      joint: 'shoulder_pan',
      params: { impacts: 2, spacingS: 25, stiffness: 60, holdS: 0.4 },
    });
    const { rows, truth } = runSecondSimScenario(spec);
    const impacts = truth.fault?.impactsMs ?? [];
    expect(impacts.length).toBe(2);
    const before = of(rows, 'shoulder_pan', 0, 15_000);
    for (const t of impacts) {
      const during = of(rows, 'shoulder_pan', t, t + 400);
      expect(maxAbs(during, 'currentA')).toBeGreaterThan(1.5 * maxAbs(before, 'currentA'));
      expect(Math.min(...during.map((r) => Math.abs(r.velocityRadS)))).toBeLessThan(0.1);
    }
  });

  it('encoder fault: the reading jumps further than the motion explains; a bad one trips the alarm', () => {
    const spec = scenario('omx-xm430', 'encoder_fault', 'glitches', {
      onsetS: 10,
      durationS: 80,
      rampS: 20,
      joint: 'joint1',
      params: { amplitudeRad: 0.6, ratePerS: 3, minMs: 25, maxMs: 60 },
    });
    const { rows, truth } = runSecondSimScenario(spec);
    const healthy = unexplained(of(rows, 'joint1', 0, 10_000));
    const faulty = unexplained(of(rows, 'joint1', 40_000));
    expect(Math.max(...faulty)).toBeGreaterThan(0.2);
    expect(Math.max(...healthy)).toBeLessThan(0.05);
    expect(truth.fault?.alarm?.name).toBe('motor_encoder');
    expect(truth.fault?.alarm?.tMs).toBeGreaterThan(10_000);
  });

  it('voltage sag (trend): every joint sees the bus fall, and the input-voltage alarm trips below the limit', () => {
    const spec = scenario('arm-xl330', 'voltage_sag', 'trending', {
      onsetS: 20,
      durationS: 300,
      params: { vPerMin: 0.5 },
    });
    spec.runOnS = 600;
    const { rows, truth } = runSecondSimScenario(spec);
    const limit = SERVO_RATINGS['XL330-M288@5V'].minVoltageLimitV;
    for (const j of truth.joints) {
      const early = mean(of(rows, j.name, 0, 20_000).map((r) => r.voltageV));
      const late = mean(of(rows, j.name, 200_000, 220_000).map((r) => r.voltageV));
      expect(early - late).toBeGreaterThan(1.2);
    }
    const alarm = truth.fault?.alarm;
    expect(alarm?.name).toBe('input_voltage');
    const atAlarm = of(rows, alarm?.joint ?? '', (alarm?.tMs ?? 0) - 3000, alarm?.tMs ?? 0);
    expect(Math.min(...atAlarm.map((r) => r.voltageV))).toBeLessThan(limit + 0.15);
    // Time-to-alarm truth counts down exactly to that trip.
    const points = truth.timeToAlarm?.points ?? [];
    expect(points.length).toBeGreaterThan(10);
    for (const p of points)
      expect(p.tMs / 1000 + p.remainingS).toBeCloseTo((alarm?.tMs ?? 0) / 1000, 3);
  });

  it('wear: a position ripple the velocity does not explain grows over minutes, and no alarm trips', () => {
    const spec = scenario('arm-xl330', 'wear', 'backlash_growth', {
      onsetS: 10,
      durationS: 480,
      rampS: 400,
      joint: 'wrist_roll',
      params: { finalBacklashRad: 0.06, rippleFraction: 0.06 },
    });
    const { rows, truth } = runSecondSimScenario(spec);
    const early = mean(unexplained(of(rows, 'wrist_roll', 0, 60_000)));
    const late = mean(unexplained(of(rows, 'wrist_roll', 360_000)));
    expect(late).toBeGreaterThan(2 * early);
    expect(truth.alarms).toEqual([]);
  });

  it('link degradation: this joint loses samples in growing gaps, the others keep their rate', () => {
    const spec = scenario('so101-sts3215', 'link_degradation', 'growing_gaps', {
      onsetS: 20,
      durationS: 400,
      rampS: 300,
      joint: 'elbow_flex',
      params: { finalBurstS: 3, finalLoss: 0.2 },
    });
    const { rows } = runSecondSimScenario(spec);
    const gaps = (js: TelemetryRow[]) =>
      Math.max(0, ...js.slice(1).map((r, i) => r.tMs - (js[i]?.tMs ?? r.tMs)));
    const early = of(rows, 'elbow_flex', 0, 20_000);
    const late = of(rows, 'elbow_flex', 320_000, 400_000);
    const other = of(rows, 'shoulder_pan', 320_000, 400_000);
    expect(late.length / 80).toBeLessThan(0.8 * (early.length / 20));
    expect(other.length / 80).toBeGreaterThan(0.95 * (early.length / 20));
    expect(gaps(late)).toBeGreaterThan(4 * gaps(early));
    expect(gaps(other)).toBeLessThan(1000);
  });

  it('overheating (high duty): the joint heats to its limit, trips, drops torque and cools', () => {
    const spec = scenario('arm-xl330', 'overheating', 'high_duty', {
      onsetS: 10,
      durationS: 1500,
      joint: 'shoulder_pan',
      params: { loadFraction: 0.5 },
    });
    spec.endAfterAlarmS = 240;
    const { rows, truth } = runSecondSimScenario(spec);
    const alarm = truth.fault?.alarm;
    expect(alarm?.name).toBe('overheating');
    const limit = SERVO_RATINGS['XL330-M288@5V'].temperatureLimitC;
    const joint = of(rows, 'shoulder_pan');
    expect(Math.max(...joint.map((r) => r.temperatureC))).toBeLessThanOrEqual(limit + 1);
    const after = of(rows, 'shoulder_pan', (alarm?.tMs ?? 0) + 60_000);
    expect(maxAbs(after, 'currentA')).toBeLessThan(0.05);
    expect(after.at(-1)?.temperatureC).toBeLessThan(limit - 3);
    expect(after.every((r) => (r.hwError & 0x04) !== 0)).toBe(true);
  });
});
