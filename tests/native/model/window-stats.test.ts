import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../../native/model/window-stats';
import { SeededRandom } from '../../../native/servos/physics/random';

describe('kthSmallest (percentiles of the feature pipeline without sorting)', () => {
  it('returns what a sort would put at k, for every k, on random, sorted and constant data', () => {
    const r = new SeededRandom(7);
    const cases: number[][] = [
      [],
      [3],
      [2, 1],
      Array.from({ length: 301 }, () => r.next()),
      Array.from({ length: 300 }, () => Math.round(r.next() * 5)), // many ties
      Array.from({ length: 200 }, (_, i) => i), // already sorted
      Array.from({ length: 200 }, (_, i) => 200 - i), // reversed
      Array.from({ length: 150 }, () => 0.1), // constant (a joint at rest)
    ];
    for (const values of cases) {
      const sorted = Float64Array.from(values).sort();
      for (let k = 0; k < values.length; k++)
        expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
      expect(kthSmallest(Float64Array.from(values), values.length)).toBeUndefined();
      expect(kthSmallest(Float64Array.from(values), -1)).toBeUndefined();
    }
  });
});
