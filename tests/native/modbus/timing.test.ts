import { describe, expect, it } from 'vitest';
import { characterTimeMs, t15Ms, t35Ms } from '../../../native/modbus/timing';

describe('RTU timing', () => {
  it('counts 11 bits a character below 19200 baud', () => {
    expect(characterTimeMs(9600)).toBeCloseTo(1.1458, 3);
    expect(t35Ms(9600)).toBeCloseTo(4.0104, 3);
    expect(t15Ms(9600)).toBeCloseTo(1.7188, 3);
    expect(t35Ms(19200)).toBeCloseTo(2.0052, 3);
  });

  it('fixes t1.5 = 750 µs and t3.5 = 1.75 ms above 19200 baud', () => {
    for (const baud of [38400, 57600, 115200, 1_000_000]) {
      expect(t15Ms(baud)).toBe(0.75);
      expect(t35Ms(baud)).toBe(1.75);
    }
  });
});
