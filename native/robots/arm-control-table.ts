/**
 * Reading and writing an arm servo's control table for the technician's table view, with the
 * servo's own rules checked before anything is sent: read-only items, ranges, and EEPROM items
 * that the servo locks while its torque is on.
 */
import type { ControlTableEntry } from '../domain';
import type { DynamixelBus } from '../servos/dynamixel2/bus';
import type { ControlTable, ControlTableItem } from '../servos/dynamixel2/control-table';
import { RobotCommandError } from './robot-session';

/** Everything from Model Number (0) to Present Temperature (146). */
const TABLE_READ_LENGTH = 147;
const TORQUE_ADDRESS = 64;

/** Runs one bus transaction, turning bus failures into messages a technician can act on. */
export type BusGuard = <T>(run: () => Promise<T>) => Promise<T>;

export interface TableWrite {
  id: number;
  key: string;
  /** In the entry's unit: SI when the item has one, else raw. */
  value: number;
  jointName: string;
  jointLabel: string;
}

export interface TableWriteResult {
  item: ControlTableItem;
  entry: ControlTableEntry;
  /** The value before the write, in the entry's unit. */
  was: number;
}

export async function readControlTable(
  bus: DynamixelBus,
  table: ControlTable,
  id: number,
  guard: BusGuard,
): Promise<ControlTableEntry[]> {
  const result = await guard(() => bus.read(id, 0, TABLE_READ_LENGTH, { priority: 'user' }));
  return table.items
    .filter((item) => item.address + item.size <= TABLE_READ_LENGTH)
    .map((item) => tableEntry(table, item, table.decode(item, result.data, item.address)));
}

export async function writeControlTable(
  bus: DynamixelBus,
  table: ControlTable,
  write: TableWrite,
  guard: BusGuard,
): Promise<TableWriteResult> {
  const { id, key, value } = write;
  const item = table.find(key);
  if (!item) {
    throw new RobotCommandError(
      'unknown-item',
      `${table.model} has no control-table item "${key}". Read the control table to see the items.`,
    );
  }
  if (item.access !== 'RW') {
    throw new RobotCommandError(
      'read-only',
      `${item.name} is read-only: the servo reports it and cannot be told a value.`,
    );
  }
  const raw = table.fromSi(item, value);
  if (item.range && (raw < item.range.min || raw > item.range.max)) {
    const lo = table.toSi(item, item.range.min);
    const hi = table.toSi(item, item.range.max);
    const unit = item.si?.unit ?? item.unit ?? '';
    throw new RobotCommandError(
      'out-of-range',
      `${item.name} accepts ${round(lo)} … ${round(hi)}${unit ? ` ${unit}` : ''}; ${value} is outside that range. Nothing was written.`,
    );
  }
  const torque = await guard(() => bus.read(id, TORQUE_ADDRESS, 1, { priority: 'user' }));
  if (item.area === 'EEPROM' && (torque.data[0] ?? 0) !== 0) {
    throw new RobotCommandError(
      'eeprom-locked',
      `${item.name} is stored in EEPROM, which the servo locks while its torque is on. Turn torque off on ${write.jointLabel} (${write.jointName}) first — the joint will go limp, so support the arm — then write again. Nothing was written.`,
    );
  }
  const before = await guard(() => bus.read(id, item.address, item.size, { priority: 'user' }));
  await guard(() => bus.write(id, item.address, table.encode(item, raw), { priority: 'user' }));
  const after = await guard(() => bus.read(id, item.address, item.size, { priority: 'user' }));
  const entry = tableEntry(table, item, table.decode(item, after.data, 0));
  const was = table.toSi(item, table.decode(item, before.data, 0));
  return { item, entry, was };
}

function tableEntry(table: ControlTable, item: ControlTableItem, raw: number): ControlTableEntry {
  return {
    address: item.address,
    name: item.name,
    key: item.key,
    size: item.size,
    access: item.access,
    area: item.area,
    raw,
    value: table.toSi(item, raw),
    unit: item.si?.unit ?? item.unit,
    min: item.range ? table.toSi(item, item.range.min) : null,
    max: item.range ? table.toSi(item, item.range.max) : null,
  };
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
