import { describe, expect, it } from 'vitest';
import sts3215 from '../../../../assets/control-tables/sts3215.json' with { type: 'json' };
import {
  RegisterTable,
  RegisterTableError,
} from '../../../../native/servos/control-tables/register-table';

const clone = (): typeof sts3215 => JSON.parse(JSON.stringify(sts3215)) as typeof sts3215;

describe('register tables are checked when loaded', () => {
  it('loads the STS3215 table and encodes through its own byte order and sign bits', () => {
    const table = RegisterTable.fromJson(sts3215);
    const offset = table.item('homingOffset');
    expect(Array.from(table.encode(offset, -300))).toEqual([300 & 0xff, 0x08 | (300 >> 8)]);
    expect(table.decode(offset, table.encode(offset, -300))).toBe(-300);
    expect(table.toSi(table.item('presentVoltage'), 74)).toBeCloseTo(7.4, 9);
  });

  it('names the field that is wrong', () => {
    const bad = clone();
    (bad.items[4] as { size: number }).size = 3;
    expect(() => RegisterTable.fromJson(bad)).toThrow(/items\.4\.size/);
  });

  it('refuses overlapping items, duplicate keys and a sign bit outside the word', () => {
    const overlap = clone();
    overlap.items.push({ ...overlap.items[5]!, key: 'another' });
    expect(() => RegisterTable.fromJson(overlap)).toThrow(RegisterTableError);
    const twice = clone();
    twice.items.push({ ...twice.items[0]!, address: 70 });
    expect(() => RegisterTable.fromJson(twice)).toThrow(/appears twice/);
    const wideSign = clone();
    const offset = wideSign.items.find((i) => i.key === 'homingOffset') as { signBit?: number };
    offset.signBit = 16;
    expect(() => RegisterTable.fromJson(wideSign)).toThrow(/sign bit/);
  });

  it('refuses a torque or lock address that points elsewhere', () => {
    const bad = clone();
    bad.lockAddress = 56;
    expect(() => RegisterTable.fromJson(bad)).toThrow(/lockAddress/);
  });
});
