/** What a bus scan found, grouped for reading: by protocol and baud, then by model with its ids. */
import type { BusProtocol, ScanDevice } from '../../api/contract';
import type { ProfileId } from './profile-ids';

export type ModelGroup = { protocol: BusProtocol; baud: number; model: string; ids: number[] };

/** The profile to offer for a found device, when Genba has one. */
export function profileFor(device: Pick<ScanDevice, 'protocol' | 'model'>): ProfileId | null {
  if (device.protocol === 'dynamixel2' && /XM430/i.test(device.model)) return 'openmanipulator-x';
  if (device.protocol === 'modbus-rtu' && /robotiq|2F/i.test(device.model)) return 'robotiq-2f85';
  return null;
}

/** `protocol|baud` → the models found at that setting, in the order they were found. */
export function groupScanResults(found: readonly ScanDevice[]): Map<string, ModelGroup[]> {
  const groups = new Map<string, ModelGroup>();
  for (const device of found) {
    const key = `${device.protocol}|${device.baud}|${device.model}`;
    const group = groups.get(key) ?? {
      protocol: device.protocol,
      baud: device.baud,
      model: device.model,
      ids: [],
    };
    group.ids.push(device.id);
    groups.set(key, group);
  }
  const byBaud = new Map<string, ModelGroup[]>();
  for (const group of groups.values()) {
    const key = `${group.protocol}|${group.baud}`;
    byBaud.set(key, [...(byBaud.get(key) ?? []), group]);
  }
  return byBaud;
}
