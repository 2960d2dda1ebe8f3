import { describe, expect, it } from 'vitest';
import {
  formatTelemetryCsv,
  parseTelemetryCsv,
  TELEMETRY_CSV_HEADER,
} from '../../../native/model/telemetry-csv';

const HEADER = TELEMETRY_CSV_HEADER.join(',');
const good = (t: number, joint = 'joint1') => `${t},arm,${joint},0.1,0.2,0.3,12.0,25,0`;

/** [what, file text, the one-line error expected]. */
const BAD_TELEMETRY: [string, string, RegExp][] = [
  ['an empty file', '', /^x\.csv:1: column 1 is "", expected "t_ms"/],
  ['a header only', `${HEADER}\n`, /^x\.csv: no samples after the header/],
  [
    'an extra header column',
    `${HEADER},note\n${good(0)}\n`,
    /^x\.csv:1: column 10 is "note", expected no more columns; the header must be "t_ms,robot,/,
  ],
  [
    'a missing header column',
    `${HEADER.replace(',hw_error', '')}\n`,
    /^x\.csv:1: column 9 is missing, expected "hw_error"/,
  ],
  [
    'an extra value in a row',
    `${HEADER}\n${good(0)}\n${good(10)},7\n`,
    /^x\.csv:3: expected 9 columns \(t_ms,robot,.*\), found 10; column 10 is extra\.$/,
  ],
  [
    'a missing value',
    `${HEADER}\n${good(0).replace(/,0$/, '')}\n`,
    /^x\.csv:2: expected 9 columns .*found 8\.$/,
  ],
  [
    't_ms 1e300',
    `${HEADER}\n${good(0)}\n1e300,arm,joint1,0,0,0,12,25,0\n`,
    /^x\.csv:3: column 1 \(t_ms\) must be whole milliseconds from 0 to 4102444800000 \(2100\), got "1e300"\.$/,
  ],
  [
    't_ms beyond 2100',
    `${HEADER}\n${good(4102444800001)}\n`,
    /^x\.csv:2: column 1 \(t_ms\) must be whole/,
  ],
  ['a negative t_ms', `${HEADER}\n${good(-5)}\n`, /^x\.csv:2: column 1 \(t_ms\) must be whole/],
  [
    'a fractional t_ms',
    `${HEADER}\n0.5,arm,joint1,0,0,0,12,25,0\n`,
    /column 1 \(t_ms\) must be whole/,
  ],
  [
    'a joint going back in time',
    `${HEADER}\n${good(100)}\n${good(50, 'joint2')}\n${good(50)}\n`,
    /^x\.csv:4: column 1 \(t_ms\) must not be before 100, the previous sample of arm joint1 \(line 2\); sort the rows by time, got "50"\.$/,
  ],
  [
    'hw_error 0x10',
    `${HEADER}\n0,arm,joint1,0,0,0,12,25,0x10\n`,
    /^x\.csv:2: column 9 \(hw_error\) must be a whole number from 0 to 255 .*got "0x10"\.$/,
  ],
  [
    'a negative hw_error',
    `${HEADER}\n0,arm,joint1,0,0,0,12,25,-1\n`,
    /column 9 \(hw_error\) must be a whole number from 0 to 255/,
  ],
  [
    'hw_error 256',
    `${HEADER}\n0,arm,joint1,0,0,0,12,25,256\n`,
    /column 9 \(hw_error\) must be a whole number from 0 to 255/,
  ],
  [
    '1e308 V',
    `${HEADER}\n0,arm,joint1,0,0,0,1e308,25,0\n`,
    /^x\.csv:2: column 7 \(voltage_v\) must be within 0 … 60, got "1e308"\.$/,
  ],
  [
    'a negative voltage',
    `${HEADER}\n0,arm,joint1,0,0,0,-3,25,0\n`,
    /column 7 \(voltage_v\) must be within 0 … 60/,
  ],
  [
    'a hex current',
    `${HEADER}\n0,arm,joint1,0,0,0x1,12,25,0\n`,
    /column 6 \(current_a\) must be a number, got "0x1"/,
  ],
  [
    'a 5000 °C reading',
    `${HEADER}\n0,arm,joint1,0,0,0,12,5000,0\n`,
    /column 8 \(temperature_c\) must be within -40 … 200/,
  ],
  [
    'Infinity rad',
    `${HEADER}\n0,arm,joint1,Infinity,0,0,12,25,0\n`,
    /column 4 \(position_rad\) must be a number, got "Infinity"/,
  ],
  ['an empty robot', `${HEADER}\n0,,joint1,0,0,0,12,25,0\n`, /column 2 \(robot\) is empty/],
];

describe('parseTelemetryCsv', () => {
  it.each(BAD_TELEMETRY)('refuses %s with one line naming where', (_, text, message) => {
    let error: Error | undefined;
    try {
      parseTelemetryCsv(text, 'x.csv');
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('TelemetryCsvError');
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
  });

  it('accepts a repeated row (the same time twice is what a flaky link or logger sends)', () => {
    const rows = parseTelemetryCsv(`${HEADER}\n${good(100)}\n${good(100)}\n${good(150)}\n`);
    expect(rows.map((r) => r.tMs)).toEqual([100, 100, 150]);
  });

  it('reads back what it writes, interleaved joints and a leading byte-order mark included', () => {
    const rows = [0, 50, 100].flatMap((tMs) =>
      ['joint1', 'joint2'].map((joint) => ({
        tMs: tMs + Date.UTC(2026, 0, 5),
        robot: 'arm',
        joint,
        positionRad: -1.5708,
        velocityRadS: 0.25,
        currentA: -0.4,
        voltageV: 12.1,
        temperatureC: 31,
        hwError: 36,
      })),
    );
    expect(parseTelemetryCsv(`\uFEFF${formatTelemetryCsv(rows)}`)).toEqual(rows);
  });
});
