/** Control-table values as shown to a technician, and what counts as a typed number. */
import { describe, expect, it } from 'vitest';
import {
  formatValue,
  formatWithUnit,
  parseDraft,
} from '../../../../../renderer/src/areas/robots/control-table-values';

describe('formatValue', () => {
  it('shows integers as they are and large values to one decimal', () => {
    expect(formatValue(4095)).toBe('4095');
    expect(formatValue(1234.567)).toBe('1234.6');
  });

  it('keeps four significant digits of small values', () => {
    expect(formatValue(0.0005)).toBe('0.0005');
    expect(formatValue(3.14159)).toBe('3.142');
    expect(formatValue(-0.000123456)).toBe('-0.0001235');
  });
});

describe('formatWithUnit', () => {
  it('adds the unit after a space, or nothing', () => {
    expect(formatWithUnit(1.5, 'rad/s')).toBe('1.5 rad/s');
    expect(formatWithUnit(7, null)).toBe('7');
  });
});

describe('parseDraft', () => {
  it('reads decimals with a point or a comma, around spaces', () => {
    expect(parseDraft(' 12.5 ')).toBe(12.5);
    expect(parseDraft('0,25')).toBe(0.25);
    expect(parseDraft('-3')).toBe(-3);
  });

  it('refuses empty and non-numbers', () => {
    expect(parseDraft('')).toBeNull();
    expect(parseDraft('   ')).toBeNull();
    expect(parseDraft('abc')).toBeNull();
    expect(parseDraft('Infinity')).toBeNull();
  });
});
