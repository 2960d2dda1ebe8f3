/** The held-out set is fixed, covers what it promises, repeats bit for bit and speaks the CSV contract. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawScenario } from '../../../../../native/model/evaluation/second-sim/draw-scenario';
import {
  HELD_OUT_RATES_HZ,
  secondSimHeldOutSet,
} from '../../../../../native/model/evaluation/second-sim/held-out-set';
import { Xoshiro128 } from '../../../../../native/model/evaluation/second-sim/random';
import { runSecondSimScenario } from '../../../../../native/model/evaluation/second-sim/robot-sim';
import { ROBOT_BUILDS } from '../../../../../native/model/evaluation/second-sim/robot-builds';
import { FAULT_CLASSES } from '../../../../../native/domain/faults';
import { HW_BIT } from '../../../../../native/model/telemetry';
import {
  formatTelemetryCsv,
  parseTelemetryCsv,
  TELEMETRY_CSV_HEADER,
} from '../../../../../native/model/telemetry-csv';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the second simulator’s held-out set', () => {
  const set = secondSimHeldOutSet();

  it('is the same list every time, with unique ids and seeds', () => {
    expect(JSON.stringify(secondSimHeldOutSet())).toBe(JSON.stringify(set));
    expect(new Set(set.map((s) => s.id)).size).toBe(set.length);
    expect(new Set(set.map((s) => s.seed)).size).toBe(set.length);
  });

  it('has every fault class on every family, three per class at each rate', () => {
    for (const cls of FAULT_CLASSES) {
      const of = set.filter((s) => s.fault?.class === cls);
      expect(new Set(of.map((s) => s.build))).toEqual(new Set(ROBOT_BUILDS.map((b) => b.id)));
      for (const hz of HELD_OUT_RATES_HZ)
        expect(of.filter((s) => s.stream.sampleHz === hz)).toHaveLength(3);
    }
  });

  it('has at least 8 robot-hours of normal operation, split evenly across 10, 25, 50 and 100 Hz', () => {
    const normal = set.filter((s) => s.fault === null);
    const hours = (hz: number) =>
      normal.filter((s) => s.stream.sampleHz === hz).reduce((h, s) => h + s.durationS / 3600, 0);
    expect(normal.reduce((h, s) => h + s.durationS / 3600, 0)).toBeGreaterThanOrEqual(8);
    for (const hz of HELD_OUT_RATES_HZ) expect(hours(hz)).toBeGreaterThanOrEqual(2);
    expect(new Set(normal.map((s) => s.duty))).toEqual(
      new Set(['idle', 'pick_and_place', 'continuous']),
    );
  });
});

describe('determinism by seed', () => {
  const spec = {
    ...drawScenario(99, {
      build: 'so101-sts3215',
      sampleHz: 25,
      fault: { class: 'collision', variant: 'impact' },
    }),
    durationS: 120,
  };
  spec.fault = spec.fault ? { ...spec.fault, onsetS: 30 } : null;

  it('gives the same CSV bytes and truth for the same spec', () => {
    const a = runSecondSimScenario(spec);
    const b = runSecondSimScenario(spec);
    expect(sha(formatTelemetryCsv(a.rows))).toBe(sha(formatTelemetryCsv(b.rows)));
    expect(a.truth).toEqual(b.truth);
  });

  it('gives different telemetry for another seed', () => {
    const other = runSecondSimScenario({ ...spec, seed: spec.seed + 1 });
    expect(sha(formatTelemetryCsv(other.rows))).not.toBe(
      sha(formatTelemetryCsv(runSecondSimScenario(spec).rows)),
    );
  });

  it('draws from its own generator: forks are independent of how far the parent has run', () => {
    const a = new Xoshiro128(5);
    const b = new Xoshiro128(5);
    for (let i = 0; i < 100; i++) b.uniform();
    expect(a.fork('x').uniform()).toBe(b.fork('x').uniform());
    expect(a.fork('x').uniform()).not.toBe(a.fork('y').uniform());
  });
});

describe('the telemetry CSV contract', () => {
  const spec = {
    ...drawScenario(7, {
      build: 'arm-ax12a',
      sampleHz: 100,
      fault: { class: 'encoder_fault', variant: 'glitches' },
    }),
    durationS: 90,
  };
  spec.fault = spec.fault
    ? { ...spec.fault, onsetS: 20, rampS: 10, params: { ...spec.fault.params, amplitudeRad: 0.8 } }
    : null;
  const { rows, truth } = runSecondSimScenario(spec);
  const csv = formatTelemetryCsv(rows);

  it('has the contract header and parses back with the CLI’s own parser, row for row', () => {
    expect(csv.split('\n')[0]).toBe(TELEMETRY_CSV_HEADER.join(','));
    const parsed = parseTelemetryCsv(csv, 'second-sim.csv');
    expect(parsed).toHaveLength(rows.length);
    expect(new Set(parsed.map((r) => r.joint))).toEqual(new Set(truth.joints.map((j) => j.name)));
  });

  it('carries integer millisecond stamps, finite values and only Dynamixel error bits', () => {
    const known = Object.values(HW_BIT).reduce((a, b) => a | b, 0);
    const bad = parseTelemetryCsv(csv).filter(
      (r) =>
        !Number.isInteger(r.tMs) ||
        !Number.isInteger(r.hwError) ||
        (r.hwError & ~known) !== 0 ||
        ![r.positionRad, r.velocityRadS, r.currentA, r.voltageV, r.temperatureC].every(
          Number.isFinite,
        ),
    );
    expect(bad).toEqual([]);
  });

  it('is quantised as the family reports: AX-12A positions on its 1024-step pot, whole degrees', () => {
    const unit = ((300 / 360) * 2 * Math.PI) / 1024;
    const off = rows.filter(
      (r) =>
        Math.abs(r.positionRad / unit - Math.round(r.positionRad / unit)) > 1e-6 ||
        !Number.isInteger(r.temperatureC),
    );
    expect(off).toEqual([]);
  });

  it('shows the stream’s imperfections: jittery intervals, now and then a repeat or a loss', () => {
    const j = rows.filter((r) => r.joint === 'shoulder_pan');
    const dt = j.slice(1).map((r, i) => r.tMs - (j[i]?.tMs ?? 0));
    expect(new Set(dt).size).toBeGreaterThan(5);
    expect(Math.min(...dt)).toBeGreaterThanOrEqual(0);
    expect(truth.stream.lost + truth.stream.stale + truth.stream.duplicated).toBeGreaterThan(0);
    // AX-12A reads a potentiometer: no encoder alarm to trip, however bad the glitches.
    expect(truth.alarms.filter((a) => a.bit === HW_BIT.motorEncoder)).toEqual([]);
  });
});
