import { describe, expect, it } from 'vitest';
import {
  ControlTable,
  ControlTableError,
  XM430_W350,
} from '../../../../native/servos/dynamixel2/control-table';
import {
  decodeDiagnostics,
  DIAGNOSTICS_ADDRESS,
  DIAGNOSTICS_LENGTH,
} from '../../../../native/servos/dynamixel2/diagnostics';
import {
  decodeHardwareError,
  decodeStatusError,
  StatusErrorCode,
} from '../../../../native/servos/dynamixel2/errors';
import { encodeUint } from '../../../../native/servos/dynamixel2/bytes';

const t = XM430_W350;

describe('XM430-W350 control table', () => {
  it('has the documented items', () => {
    expect(t.item('presentPosition')).toMatchObject({
      address: 132,
      size: 4,
      access: 'R',
      area: 'RAM',
      signed: true,
    });
    expect(t.item('temperatureLimit')).toMatchObject({ address: 31, initial: 80, area: 'EEPROM' });
    expect(t.item('torqueEnable').address).toBe(64);
    expect(t.item('hardwareErrorStatus').address).toBe(70);
    expect(t.item('indirectData56').address).toBe(661);
  });

  it('makes the diagnostics block 124–146 contiguous, 23 bytes', () => {
    const items = t.itemsIn(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH);
    expect(items.map((i) => i.key)).toEqual([
      'presentPwm',
      'presentCurrent',
      'presentVelocity',
      'presentPosition',
      'velocityTrajectory',
      'positionTrajectory',
      'presentInputVoltage',
      'presentTemperature',
    ]);
    expect(items.reduce((sum, i) => sum + i.size, 0)).toBe(23);
  });

  it('converts raw ↔ SI, signed values included', () => {
    expect(t.toSi(t.item('presentPosition'), 4096)).toBeCloseTo(2 * Math.PI, 9);
    expect(t.toSi(t.item('presentVelocity'), -100)).toBeCloseTo(
      (-100 * 0.229 * 2 * Math.PI) / 60,
      9,
    );
    expect(t.toSi(t.item('presentCurrent'), 1000)).toBeCloseTo(2.69, 9);
    expect(t.toSi(t.item('presentInputVoltage'), 121)).toBeCloseTo(12.1, 9);
    expect(t.fromSi(t.item('goalPosition'), Math.PI)).toBe(2048);
    const current = t.item('presentCurrent');
    expect(t.decode(current, encodeUint(-5, 2))).toBe(-5);
    expect(t.decode(t.item('presentVelocity'), Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe(-1);
    expect(t.decode(t.item('modelNumber'), Uint8Array.of(0xfc, 0x03))).toBe(1020);
  });

  it('decodes the diagnostics block', () => {
    const block = new Uint8Array(23);
    block.set(encodeUint(-100, 2), 0);
    block.set(encodeUint(-372, 2), 2);
    block.set(encodeUint(50, 4), 4);
    block.set(encodeUint(3072, 4), 8);
    block.set(encodeUint(-50, 4), 12);
    block.set(encodeUint(1024, 4), 16);
    block.set(encodeUint(118, 2), 20);
    block[22] = 41;
    const d = decodeDiagnostics(block);
    expect(d.pwm).toBeCloseTo(-11.3, 6);
    expect(d.currentA).toBeCloseTo(-1.00068, 5);
    expect(d.velocityRadS).toBeCloseTo(1.199, 3);
    expect(d.positionRad).toBeCloseTo(1.5 * Math.PI, 9);
    expect(d.velocityTrajectoryRadS).toBeCloseTo(-1.199, 3);
    expect(d.positionTrajectoryRad).toBeCloseTo(Math.PI / 2, 9);
    expect(d.voltageV).toBeCloseTo(11.8, 9);
    expect(d.temperatureC).toBe(41);
    expect(() => decodeDiagnostics(new Uint8Array(5))).toThrow(/23/);
  });

  it('refuses EEPROM writes while torque is on, and checks length, range and limits', () => {
    const memory = t.initialMemory();
    const read = (key: string): number => t.decode(t.item(key), memory, t.item(key).address);
    const write = (key: string, raw: number) =>
      t.checkWrite(t.item(key).address, t.encode(t.item(key), raw), read);
    expect(write('temperatureLimit', 70)).toEqual({ ok: true });
    memory[64] = 1;
    expect(write('temperatureLimit', 70)).toMatchObject({
      ok: false,
      code: StatusErrorCode.AccessError,
    });
    expect(write('goalPosition', 1000)).toEqual({ ok: true });
    expect(write('goalPosition', 5000)).toMatchObject({
      ok: false,
      code: StatusErrorCode.DataLimitError,
    });
    expect(write('torqueEnable', 2)).toMatchObject({
      ok: false,
      code: StatusErrorCode.DataRangeError,
    });
    expect(t.checkWrite(116, Uint8Array.of(0, 1), read)).toMatchObject({
      ok: false,
      code: StatusErrorCode.DataLengthError,
    });
    expect(write('presentPosition', 1)).toMatchObject({
      ok: false,
      code: StatusErrorCode.AccessError,
    });
    expect(t.checkWrite(14, Uint8Array.of(0), read)).toMatchObject({
      ok: false,
      code: StatusErrorCode.AccessError,
    });
  });

  it('rejects a malformed table with a readable error', () => {
    expect(() => ControlTable.fromJson({ model: 'x' })).toThrow(ControlTableError);
  });
});

describe('error messages', () => {
  it('decodes the ERR byte and hardware error bits in English and Japanese', () => {
    const e = decodeStatusError(0x87);
    expect(e).toMatchObject({ alert: true, code: 7 });
    expect(e.message?.ja).toMatch(/トルク/);
    const hw = decodeHardwareError(0x24);
    expect(hw.map((m) => m.code)).toEqual(['overheating', 'overload']);
    expect(hw[0]?.ja).toContain('温度');
    expect(decodeHardwareError(0x01 | 0x08 | 0x10).map((m) => m.code)).toEqual([
      'input_voltage',
      'motor_encoder',
      'electrical_shock',
    ]);
  });
});
