/** What a bus scan found, as the Connect page groups it, and which profile it offers. */
import { describe, expect, it } from 'vitest';
import type { ScanDevice } from '../../../../../electron/shared/contract';
import {
  groupScanResults,
  profileFor,
} from '../../../../../renderer/src/areas/robots/scan-results';

const device = (protocol: ScanDevice['protocol'], id: number, baud: number, model: string) => ({
  protocol,
  id,
  baud,
  model,
});

describe('groupScanResults', () => {
  it('groups by protocol and baud, then by model, keeping the order found', () => {
    const byBaud = groupScanResults([
      device('dynamixel2', 13, 1_000_000, 'XM430-W350'),
      device('dynamixel2', 11, 1_000_000, 'XM430-W350'),
      device('modbus-rtu', 9, 115_200, 'Robotiq 2F-85'),
      device('dynamixel2', 15, 1_000_000, 'XL330-M288'),
      device('dynamixel2', 1, 57_600, 'XM430-W350'),
    ]);
    expect([...byBaud.keys()]).toEqual([
      'dynamixel2|1000000',
      'modbus-rtu|115200',
      'dynamixel2|57600',
    ]);
    expect(byBaud.get('dynamixel2|1000000')).toEqual([
      { protocol: 'dynamixel2', baud: 1_000_000, model: 'XM430-W350', ids: [13, 11] },
      { protocol: 'dynamixel2', baud: 1_000_000, model: 'XL330-M288', ids: [15] },
    ]);
    expect(byBaud.get('dynamixel2|57600')?.[0]?.ids).toEqual([1]);
  });

  it('is empty when nothing was found', () => {
    expect(groupScanResults([]).size).toBe(0);
  });
});

describe('profileFor', () => {
  it('offers the arm for XM430 servos and the gripper for a Robotiq on Modbus', () => {
    expect(profileFor({ protocol: 'dynamixel2', model: 'XM430-W350' })).toBe('openmanipulator-x');
    expect(profileFor({ protocol: 'modbus-rtu', model: 'Robotiq 2F-85' })).toBe('robotiq-2f85');
  });

  it('offers nothing for a model without a profile or on the wrong protocol', () => {
    expect(profileFor({ protocol: 'dynamixel2', model: 'XL330-M288' })).toBeNull();
    expect(profileFor({ protocol: 'modbus-rtu', model: 'XM430-W350' })).toBeNull();
  });
});
