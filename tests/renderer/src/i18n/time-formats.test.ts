import { describe, expect, it } from 'vitest';
import { timeFormats } from '../../../../renderer/src/i18n/time-formats';

// 2026-03-04 00:05:06 local time: midnight shows as 00, never 24.
const at = new Date(2026, 2, 4, 0, 5, 6).getTime();

describe('time formats', () => {
  it('writes date and time to the second on the 24-hour clock, in English and Japanese', () => {
    expect(timeFormats('en').full(at)).toBe('4 Mar 2026, 00:05:06');
    expect(timeFormats('ja').full(at)).toBe('2026年3月4日 00:05:06');
  });

  it('writes the time of day alone for axes', () => {
    expect(timeFormats('en').clock(at)).toBe('00:05:06');
  });
});
