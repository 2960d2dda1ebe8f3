import { describe, expect, it } from 'vitest';
import { FeetechControlTable } from '../../../../native/servos/feetech/control-table';
import {
  FEETECH_GENERIC_FIELDS,
  FEETECH_MODELS,
  identifyFeetech,
  SCS0009,
  STS3215,
} from '../../../../native/servos/feetech/models';
import ax12a from '../../../../assets/control-tables/ax-12a.json' with { type: 'json' };

/**
 * Addresses and sizes LeRobot reads and writes on the SO-100/SO-101 (src/lerobot/motors/feetech/
 * tables.py, STS_SMS_SERIES_CONTROL_TABLE and SCS_SERIES_CONTROL_TABLE): Genba's tables must agree.
 */
const LEROBOT_STS: Record<string, [number, number]> = {
  modelNumber: [3, 2],
  id: [5, 1],
  baudRate: [6, 1],
  returnDelayTime: [7, 1],
  responseStatusLevel: [8, 1],
  minPositionLimit: [9, 2],
  maxPositionLimit: [11, 2],
  maxTemperatureLimit: [13, 1],
  maxVoltageLimit: [14, 1],
  minVoltageLimit: [15, 1],
  maxTorqueLimit: [16, 2],
  phase: [18, 1],
  pCoefficient: [21, 1],
  dCoefficient: [22, 1],
  iCoefficient: [23, 1],
  protectionCurrent: [28, 2],
  homingOffset: [31, 2],
  operatingMode: [33, 1],
  torqueEnable: [40, 1],
  acceleration: [41, 1],
  goalPosition: [42, 2],
  goalTime: [44, 2],
  goalVelocity: [46, 2],
  torqueLimit: [48, 2],
  lock: [55, 1],
  presentPosition: [56, 2],
  presentVelocity: [58, 2],
  presentLoad: [60, 2],
  presentVoltage: [62, 1],
  presentTemperature: [63, 1],
  status: [65, 1],
  moving: [66, 1],
  presentCurrent: [69, 2],
  maximumAcceleration: [85, 1],
};
/** LeRobot's STS_SMS_SERIES_ENCODINGS_TABLE: sign bits of the sign-magnitude fields. */
const LEROBOT_SIGN_BITS: Record<string, number> = {
  presentLoad: 10,
  homingOffset: 11,
  goalPosition: 15,
  goalVelocity: 15,
  presentPosition: 15,
  presentVelocity: 15,
};

describe('STS3215 table (model 777) agrees with LeRobot', () => {
  it.each(Object.entries(LEROBOT_STS))('%s at %j', (key, [address, size]) => {
    const item = STS3215.registers.item(key);
    expect([item.address, item.size]).toEqual([address, size]);
  });

  it.each(Object.entries(LEROBOT_SIGN_BITS))('%s has its sign in bit %i', (key, bit) => {
    expect(STS3215.registers.item(key).signBit).toBe(bit);
  });

  it('is little-endian with Lock at 55, answers Sync Read and broadcast Ping', () => {
    expect(STS3215.modelNumber).toBe(777);
    expect(STS3215.registers.byteOrder).toBe('little');
    expect(STS3215.lockAddress).toBe(55);
    expect(STS3215.supportsSyncRead && STS3215.supportsBroadcastPing).toBe(true);
  });
});

describe('SCS0009 table (model 1284)', () => {
  it('is big-endian with Lock at 48 and no Sync Read, as LeRobot says of protocol 1', () => {
    expect(SCS0009.modelNumber).toBe(1284);
    expect(SCS0009.registers.byteOrder).toBe('big');
    expect(SCS0009.lockAddress).toBe(48);
    expect(SCS0009.supportsSyncRead || SCS0009.supportsBroadcastPing).toBe(false);
    const model = SCS0009.registers.item('modelNumber');
    expect(Array.from(SCS0009.registers.encode(model, 1284))).toEqual([0x05, 0x04]);
  });

  it('refuses a table of another family', () => {
    expect(() => FeetechControlTable.fromJson(ax12a)).toThrow(/not a Feetech table/);
  });
});

describe('identifying a Feetech servo from its first five bytes', () => {
  it('reads the model number in whichever byte order the catalog knows', () => {
    const sts = identifyFeetech(Uint8Array.of(3, 10, 0, 0x09, 0x03));
    expect([sts.model.name, sts.model.status, sts.byteOrder, sts.firmware]).toEqual([
      'STS3215',
      'table',
      'little',
      '3.10',
    ]);
    const scs = identifyFeetech(Uint8Array.of(1, 5, 0, 0x05, 0x04));
    expect([scs.model.name, scs.byteOrder]).toEqual(['SCS0009', 'big']);
    expect(scs.model.table).toBe(SCS0009);
  });

  it('names known models without a table, and describes an unknown number instead of throwing', () => {
    const named = FEETECH_MODELS.describe(2825);
    expect([named.name, named.status, named.table]).toEqual(['STS3250', 'named', null]);
    const unknown = identifyFeetech(Uint8Array.of(9, 9, 0, 0x34, 0x12));
    expect(unknown.model.status).toBe('unknown');
    expect(unknown.model.name).toBe('Unknown model 4660');
    expect(unknown.model.note?.en).toMatch(/model number 4660.*read-only/);
    expect(unknown.model.note?.ja).toMatch(/4660/);
    expect(unknown.model.genericFields).toBe(FEETECH_GENERIC_FIELDS);
    expect(unknown.model.genericFields.every((f) => f.access === 'R')).toBe(true);
  });

  it('carries the ratings diagnostics normalise by, with both STS3215 windings', () => {
    const ratings = FEETECH_MODELS.describe(777).ratings;
    expect(ratings?.currentUnitA).toBe(0.0065);
    expect(ratings?.variants?.map((v) => v.nominalVoltageV)).toEqual([7.4, 12]);
  });
});

describe('write rules', () => {
  it('applies read-write bytes only and reports EEPROM items touched', () => {
    // 40 Torque Enable … 57: RW, EEPROM-free, with read-only Present Position at the end.
    const plan = STS3215.planWrite(53, Uint8Array.of(1, 2, 0, 5, 6));
    expect(plan.spans).toEqual([{ address: 55, data: Uint8Array.of(0) }]);
    expect(plan.undefinedBytes).toBe(2);
    expect(plan.readOnly.map((i) => i.key)).toEqual(['presentPosition']);
    const eeprom = STS3215.planWrite(5, Uint8Array.of(3, 0));
    expect(eeprom.eeprom.map((i) => i.key)).toEqual(['id', 'baudRate']);
  });

  it('checks values the servo would silently accept', () => {
    expect(STS3215.checkItem('homingOffset', -2047)).toMatchObject({ ok: true, eeprom: true });
    const tooFar = STS3215.checkItem('homingOffset', 2048);
    expect(tooFar.ok).toBe(false);
    if (!tooFar.ok) expect(tooFar.message.ja).toMatch(/範囲/);
    expect(STS3215.checkItem('presentPosition', 1)).toMatchObject({
      ok: false,
      message: { code: 'read_only' },
    });
    expect(STS3215.checkItem('nope', 1)).toMatchObject({
      ok: false,
      message: { code: 'no_such_item' },
    });
  });
});
