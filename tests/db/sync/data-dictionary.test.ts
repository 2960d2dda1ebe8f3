import { describe, expect, it } from 'vitest';
import { assertInDictionary, DATA_DICTIONARY } from '../../../db/sync/data-dictionary';

describe('data dictionary', () => {
  it('publishes every kind with its fields in both languages', () => {
    for (const spec of DATA_DICTIONARY) {
      for (const field of spec.fields) {
        expect(field.description.en.length).toBeGreaterThan(3);
        expect(field.description.ja.length).toBeGreaterThan(1);
      }
    }
    expect(() => assertInDictionary({ kind: 'telemetry_rollup', schema: 1, note: 'x' })).toThrow();
  });
});
