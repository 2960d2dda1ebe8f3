import { describe, expect, it } from 'vitest';
import {
  AX_12A,
  AX_18A,
  DYNAMIXEL1_MODELS,
  identifyDynamixel1,
  MX_106_P1,
  MX_28_P1,
  MX_64_P1,
} from '../../../../native/servos/dynamixel1/models';
import { Dynamixel1ErrorBit } from '../../../../native/servos/dynamixel1/status';
import { Dynamixel1ControlTable } from '../../../../native/servos/dynamixel1/control-table';
import sts3215 from '../../../../assets/control-tables/sts3215.json' with { type: 'json' };

/** e-Manual control tables (Protocol 1.0 firmware): address and size of the items every model has. */
const COMMON: Record<string, [number, number]> = {
  modelNumber: [0, 2],
  firmwareVersion: [2, 1],
  id: [3, 1],
  baudRate: [4, 1],
  returnDelayTime: [5, 1],
  cwAngleLimit: [6, 2],
  ccwAngleLimit: [8, 2],
  temperatureLimit: [11, 1],
  minVoltageLimit: [12, 1],
  maxVoltageLimit: [13, 1],
  maxTorque: [14, 2],
  statusReturnLevel: [16, 1],
  alarmLed: [17, 1],
  shutdown: [18, 1],
  torqueEnable: [24, 1],
  led: [25, 1],
  goalPosition: [30, 2],
  movingSpeed: [32, 2],
  torqueLimit: [34, 2],
  presentPosition: [36, 2],
  presentSpeed: [38, 2],
  presentLoad: [40, 2],
  presentVoltage: [42, 1],
  presentTemperature: [43, 1],
  registered: [44, 1],
  moving: [46, 1],
  lock: [47, 1],
  punch: [48, 2],
};

const TABLES = [
  [AX_12A, 12],
  [AX_18A, 18],
  [MX_28_P1, 29],
  [MX_64_P1, 310],
  [MX_106_P1, 320],
] as const;

describe('Protocol 1.0 tables follow the e-Manual', () => {
  it.each(TABLES)('%s has model number %i and every common item in place', (table, number) => {
    expect(table.modelNumber).toBe(number);
    for (const [key, [address, size]] of Object.entries(COMMON)) {
      const item = table.registers.item(key);
      expect([key, item.address, item.size]).toEqual([key, address, size]);
    }
    expect(table.registers.item('presentLoad').signBit).toBe(10);
    expect(table.registers.item('presentSpeed').signBit).toBe(10);
  });

  it('gives MX its own items: PID at 26–28, multi-turn offset, goal acceleration; MX-64/106 current', () => {
    expect(MX_28_P1.registers.item('pGain').address).toBe(28);
    expect(MX_28_P1.registers.item('multiTurnOffset').address).toBe(20);
    expect(MX_28_P1.registers.item('goalAcceleration').address).toBe(73);
    expect(MX_28_P1.registers.find('current')).toBeUndefined();
    const current = MX_64_P1.registers.item('current');
    expect([current.address, MX_64_P1.registers.toSi(current, 2148)]).toEqual([
      68,
      expect.closeTo(0.45, 9),
    ]);
    expect(MX_106_P1.registers.item('driveMode').address).toBe(10);
    expect(AX_12A.registers.item('cwComplianceSlope').address).toBe(28);
    expect([AX_12A.supportsBulkRead, MX_28_P1.supportsBulkRead]).toEqual([false, true]);
  });

  it('identifies models from Model Number and describes unknown ones', () => {
    expect(identifyDynamixel1(Uint8Array.of(0x36, 0x01, 40)).model.name).toBe('MX-64');
    expect(DYNAMIXEL1_MODELS.describe(300)).toMatchObject({
      name: 'AX-12W',
      status: 'named',
      table: null,
    });
    const unknown = DYNAMIXEL1_MODELS.describe(4242);
    expect(unknown.status).toBe('unknown');
    expect(unknown.note?.en).toMatch(/Protocol 1\.0.*4242/);
    expect(unknown.genericFields.map((f) => f.address)).toEqual([0, 2, 3, 4]);
  });

  it('refuses a table of another family', () => {
    expect(() => Dynamixel1ControlTable.fromJson(sts3215)).toThrow(/not a Protocol 1.0 table/);
  });
});

describe('write rules (what the firmware answers)', () => {
  const memory = (): Uint8Array => AX_12A.registers.initialMemory();
  const le16 = (v: number) => Uint8Array.of(v & 0xff, v >> 8);

  it('accepts byte-wise writes, including half a word', () => {
    expect(AX_12A.checkWrite(memory(), 30, le16(600))).toBe(0);
    expect(AX_12A.checkWrite(memory(), 31, Uint8Array.of(1))).toBe(0);
  });

  it('answers Range Error for read-only, undefined or out-of-range bytes', () => {
    expect(AX_12A.checkWrite(memory(), 36, le16(1))).toBe(Dynamixel1ErrorBit.Range);
    expect(AX_12A.checkWrite(memory(), 9, Uint8Array.of(0, 0))).toBe(Dynamixel1ErrorBit.Range);
    expect(AX_12A.checkWrite(memory(), 16, Uint8Array.of(3))).toBe(Dynamixel1ErrorBit.Range);
    expect(AX_12A.checkWrite(memory(), 60, Uint8Array.of(1))).toBe(Dynamixel1ErrorBit.Range);
  });

  it('answers Angle Limit Error for a goal outside CW/CCW in joint mode only', () => {
    const m = memory();
    m.set(le16(200), 6);
    m.set(le16(800), 8);
    expect(AX_12A.checkWrite(m, 30, le16(900))).toBe(Dynamixel1ErrorBit.AngleLimit);
    expect(AX_12A.checkWrite(m, 30, le16(500))).toBe(0);
    m.set(le16(0), 6);
    m.set(le16(0), 8); // wheel mode
    expect(AX_12A.checkWrite(m, 30, le16(900))).toBe(0);
  });

  it('locks EEPROM while Lock is 1, and Lock cannot be cleared until power-off', () => {
    const m = memory();
    m[47] = 1;
    expect(AX_12A.checkWrite(m, 3, Uint8Array.of(5))).toBe(Dynamixel1ErrorBit.Range);
    expect(AX_12A.checkWrite(m, 47, Uint8Array.of(0))).toBe(Dynamixel1ErrorBit.Range);
    expect(AX_12A.checkWrite(m, 30, le16(500))).toBe(0);
  });
});
