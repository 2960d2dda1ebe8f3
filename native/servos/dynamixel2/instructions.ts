import { ServoArgumentError } from '../transaction/errors';
import { u16 } from './bytes';
import { encodeInstructionPacket } from './packet';
import { BROADCAST_ID, CLEAR_MULTI_TURN_KEY, FactoryResetOption, Instruction } from './protocol';

/** Builders for every Protocol 2.0 instruction; each returns the packet ready for the wire. */

export interface WriteEntry {
  id: number;
  data: Uint8Array;
}

export interface BulkReadEntry {
  id: number;
  address: number;
  length: number;
}

export interface BulkWriteEntry {
  id: number;
  address: number;
  data: Uint8Array;
}

function checkId(id: number, allowBroadcast: boolean): void {
  const ok =
    Number.isInteger(id) && ((id >= 0 && id <= 252) || (allowBroadcast && id === BROADCAST_ID));
  if (!ok)
    throw new ServoArgumentError(
      `Servo id ${id} is invalid: use 0–252${allowBroadcast ? ' or 254 (broadcast)' : ''}.`,
    );
}

function checkU16(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new ServoArgumentError(`${what} ${value} is out of range 0–65535.`);
  }
}

function checkUnique(ids: readonly number[]): void {
  if (new Set(ids).size !== ids.length)
    throw new ServoArgumentError('Each servo id may appear only once in a group instruction.');
  if (ids.length === 0)
    throw new ServoArgumentError('A group instruction needs at least one servo id.');
}

export function buildPing(id: number): Uint8Array {
  checkId(id, true);
  return encodeInstructionPacket(id, Instruction.Ping);
}

export function buildRead(id: number, address: number, length: number): Uint8Array {
  checkId(id, false);
  checkU16(address, 'Address');
  checkU16(length, 'Length');
  return encodeInstructionPacket(id, Instruction.Read, [...u16(address), ...u16(length)]);
}

export function buildWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkU16(address, 'Address');
  return encodeInstructionPacket(id, Instruction.Write, [...u16(address), ...data]);
}

export function buildRegWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkU16(address, 'Address');
  return encodeInstructionPacket(id, Instruction.RegWrite, [...u16(address), ...data]);
}

export function buildAction(id: number): Uint8Array {
  checkId(id, true);
  return encodeInstructionPacket(id, Instruction.Action);
}

export function buildFactoryReset(
  id: number,
  option: number = FactoryResetOption.KeepIdAndBaud,
): Uint8Array {
  checkId(id, true);
  return encodeInstructionPacket(id, Instruction.FactoryReset, [option]);
}

export function buildReboot(id: number): Uint8Array {
  checkId(id, true);
  return encodeInstructionPacket(id, Instruction.Reboot);
}

/** Clear option 0x01 resets the multi-turn count; it only works while the servo stands still. */
export function buildClear(id: number, option = 0x01): Uint8Array {
  checkId(id, true);
  const params = option === 0x01 ? [option, ...CLEAR_MULTI_TURN_KEY] : [option];
  return encodeInstructionPacket(id, Instruction.Clear, params);
}

export function buildSyncRead(address: number, length: number, ids: readonly number[]): Uint8Array {
  return groupRead(Instruction.SyncRead, address, length, ids);
}

export function buildFastSyncRead(
  address: number,
  length: number,
  ids: readonly number[],
): Uint8Array {
  return groupRead(Instruction.FastSyncRead, address, length, ids);
}

function groupRead(
  instruction: number,
  address: number,
  length: number,
  ids: readonly number[],
): Uint8Array {
  checkU16(address, 'Address');
  checkU16(length, 'Length');
  checkUnique(ids);
  ids.forEach((id) => checkId(id, false));
  return encodeInstructionPacket(BROADCAST_ID, instruction, [
    ...u16(address),
    ...u16(length),
    ...ids,
  ]);
}

export function buildSyncWrite(address: number, length: number, entries: WriteEntry[]): Uint8Array {
  checkU16(address, 'Address');
  checkU16(length, 'Length');
  checkUnique(entries.map((e) => e.id));
  const params: number[] = [...u16(address), ...u16(length)];
  for (const { id, data } of entries) {
    checkId(id, false);
    if (data.length !== length)
      throw new ServoArgumentError(
        `Sync Write data for id ${id} has ${data.length} bytes; expected ${length}.`,
      );
    params.push(id, ...data);
  }
  return encodeInstructionPacket(BROADCAST_ID, Instruction.SyncWrite, params);
}

export function buildBulkRead(entries: BulkReadEntry[]): Uint8Array {
  return groupBulkRead(Instruction.BulkRead, entries);
}

export function buildFastBulkRead(entries: BulkReadEntry[]): Uint8Array {
  return groupBulkRead(Instruction.FastBulkRead, entries);
}

function groupBulkRead(instruction: number, entries: BulkReadEntry[]): Uint8Array {
  checkUnique(entries.map((e) => e.id));
  const params: number[] = [];
  for (const { id, address, length } of entries) {
    checkId(id, false);
    checkU16(address, 'Address');
    checkU16(length, 'Length');
    params.push(id, ...u16(address), ...u16(length));
  }
  return encodeInstructionPacket(BROADCAST_ID, instruction, params);
}

export function buildBulkWrite(entries: BulkWriteEntry[]): Uint8Array {
  checkUnique(entries.map((e) => e.id));
  const params: number[] = [];
  for (const { id, address, data } of entries) {
    checkId(id, false);
    checkU16(address, 'Address');
    params.push(id, ...u16(address), ...u16(data.length), ...data);
  }
  return encodeInstructionPacket(BROADCAST_ID, Instruction.BulkWrite, params);
}
