/**
 * The telemetry rollup serializer (anonymizeLine) against the generic path it replaces on the
 * hot path: anonymize → assertInDictionary → JSON.stringify. Same bytes (apart from the random
 * rid), same combination key, same refusals.
 */
import { describe, expect, it } from 'vitest';
import {
  anonymize,
  anonymizeLine,
  comboKey,
  comboKeyBeforeLine,
  newAnonymizedLine,
  type TelemetryRollupInput,
} from '../../../db/sync/anonymizer';
import { assertInDictionary, DictionaryViolation } from '../../../db/sync/data-dictionary';
import { SeededRandom } from '../../../native/servos/physics/random';

/** Reproducible dice: the project's seeded PRNG as a function. */
function dice(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const ctx = {
  pseudonym: (robotId: string) => (robotId.length.toString(16) + '0'.repeat(16)).slice(0, 16),
};
const RID = /"rid":"[0-9a-f]{16}"/;

function pick<T>(roll: () => number, values: readonly T[]): T {
  return values[Math.floor(roll() * values.length)]!;
}

/** Readings from ordinary to absurd: out of range, negative zero, tiny, huge, many digits. */
function reading(roll: () => number): number {
  const r = roll();
  if (r < 0.05) return pick(roll, [0, -0, 1e-9, -1e-9, 0.005, -0.005, 0.015, 1e21, -1e21]);
  if (r < 0.1) return pick(roll, [-40, 200, -50, 50, 100, -20, 20, 0.125, 2.675, 1.005]);
  const scale = pick(roll, [1, 10, 100, 1000]);
  return (roll() * 2 - 1) * scale;
}

function randomRollup(
  roll: () => number,
  i: number,
): TelemetryRollupInput & Record<string, unknown> {
  return {
    robotId: pick(roll, ['arm-1', 'ロボット2', 'usb-serial:FT4ABC', '']),
    name: 'Hanako-san arm',
    model: pick(roll, ['openmanipulator-x', 'OpenManipulator-X', 'robotiq-2f85', 'ur5', '']),
    firmware: pick(roll, [46, '46', '4.2.1', 1.5, 'v1', 12345, null, undefined, '1.2.3.4']),
    joint: pick(roll, ['joint1', 'JOINT4', 'gripper', 'wrist', 'joint7']),
    tMs: Date.UTC(2026, 0, 1) + Math.floor(roll() * 400 * 86_400_000) + (i % 3),
    samples: pick(roll, [0, 1, 36_000, 180_000, 2e7, -5, 3.6, Number.NaN]),
    temperatureMeanC: reading(roll),
    temperatureMaxC: reading(roll),
    currentMeanA: reading(roll),
    currentMaxA: reading(roll),
    voltageMinV: reading(roll),
    voltageMeanV: reading(roll),
    velocityAbsMaxRadS: reading(roll),
    positionMinRad: reading(roll),
    positionMaxRad: reading(roll),
    hwErrorBits: pick(roll, [0, 4, 255, 300, -1, 2.5, Number.NaN]),
  };
}

describe('telemetry rollup serializer', () => {
  it('writes the bytes JSON.stringify writes for the generic record, which the dictionary accepts', () => {
    const roll = dice(7);
    const out = newAnonymizedLine();
    for (let i = 0; i < 20_000; i++) {
      const input = randomRollup(roll, i);
      const generic = anonymize('telemetry-rollups', input, ctx);
      anonymizeLine('telemetry-rollups', input, ctx, out);
      const record = JSON.parse(out.line) as Record<string, unknown>;
      expect(JSON.stringify(record)).toBe(out.line);
      expect(assertInDictionary(record).kind).toBe('telemetry_rollup');
      expect(out.line.replace(RID, '"rid":""')).toBe(generic.line.replace(RID, '"rid":""'));
      expect(out.kind).toBe(generic.spec.kind);
      expect(out.bucketEndMs).toBe(generic.bucketEndMs);
      expect(out.key).toBe(comboKey(generic.spec, generic.record));
      expect(comboKeyBeforeLine('telemetry-rollups', input)).toBe(out.key);
    }
  });

  it('refuses what the generic path refuses, with the same error', () => {
    const roll = dice(11);
    const out = newAnonymizedLine();
    const fields = [
      'temperatureMeanC',
      'temperatureMaxC',
      'currentMeanA',
      'currentMaxA',
      'voltageMinV',
      'voltageMeanV',
      'velocityAbsMaxRadS',
      'positionMinRad',
      'positionMaxRad',
    ] as const;
    for (const field of fields) {
      for (const bad of [Number.NaN, Infinity, -Infinity, '12' as unknown as number]) {
        const input = { ...randomRollup(roll, 0), [field]: bad };
        const generic = (() => {
          try {
            anonymize('telemetry-rollups', input, ctx);
            return null;
          } catch (error) {
            return error as Error;
          }
        })();
        expect(generic).toBeInstanceOf(DictionaryViolation);
        expect(() => anonymizeLine('telemetry-rollups', input, ctx, out)).toThrow(generic!.message);
      }
    }
    // Times outside what an ISO hour can say: refused by both, never written.
    for (const tMs of [Number.NaN, -1e15, 1e15]) {
      const input = { ...randomRollup(roll, 0), tMs };
      expect(() => anonymize('telemetry-rollups', input, ctx)).toThrow();
      expect(() => anonymizeLine('telemetry-rollups', input, ctx, out)).toThrow();
    }
  });

  it('never copies a field the dictionary does not list', () => {
    const out = newAnonymizedLine();
    const input = { ...randomRollup(dice(3), 0), note: 'Resident Tanaka', serial: 'FT4ABCD9' };
    anonymizeLine('telemetry-rollups', input, ctx, out);
    expect(out.line).not.toMatch(/Tanaka|FT4ABCD9|Hanako|note|serial|name/);
  });
});
