import { encodeFrame } from '../checksum-packet/packet';
import { ServoArgumentError } from '../transaction/errors';
import { BROADCAST_ID, Dynamixel1Instruction, MAX_SERVO_ID } from './protocol';

/** Builders for every Protocol 1.0 instruction; each checks its arguments and returns the wire bytes. */
export interface Dynamixel1WriteEntry {
  id: number;
  data: Uint8Array;
}

export interface Dynamixel1BulkReadEntry {
  id: number;
  address: number;
  length: number;
}

function checkId(id: number, allowBroadcast: boolean): void {
  const ok =
    Number.isInteger(id) &&
    ((id >= 0 && id <= MAX_SERVO_ID) || (allowBroadcast && id === BROADCAST_ID));
  if (!ok)
    throw new ServoArgumentError(
      `Dynamixel id ${id} is invalid: use 0–${MAX_SERVO_ID}${allowBroadcast ? ' or 254 (broadcast)' : ''}.`,
    );
}

function checkSpan(address: number, length: number): void {
  if (!Number.isInteger(address) || address < 0 || address > 255)
    throw new ServoArgumentError(
      `Address ${address} is out of range 0–255 (Protocol 1.0 addresses are one byte).`,
    );
  if (!Number.isInteger(length) || length < 1 || address + length > 256)
    throw new ServoArgumentError(
      `Length ${length} at address ${address} is invalid: at least 1 byte, ending at or before address 255.`,
    );
}

function checkGroup(ids: readonly number[]): void {
  if (ids.length === 0)
    throw new ServoArgumentError('A group instruction needs at least one servo id.');
  if (new Set(ids).size !== ids.length)
    throw new ServoArgumentError('Each servo id may appear only once in a group instruction.');
  ids.forEach((id) => checkId(id, false));
}

/** Ping answers even at Status Return Level 0. A broadcast Ping would make every servo collide. */
export function buildPing(id: number): Uint8Array {
  checkId(id, false);
  return encodeFrame(id, Dynamixel1Instruction.Ping);
}

export function buildRead(id: number, address: number, length: number): Uint8Array {
  checkId(id, false);
  checkSpan(address, length);
  return encodeFrame(id, Dynamixel1Instruction.Read, [address, length]);
}

export function buildWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, Dynamixel1Instruction.Write, [address, ...data]);
}

export function buildRegWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, Dynamixel1Instruction.RegWrite, [address, ...data]);
}

export function buildAction(id: number = BROADCAST_ID): Uint8Array {
  checkId(id, true);
  return encodeFrame(id, Dynamixel1Instruction.Action);
}

export function buildFactoryReset(id: number): Uint8Array {
  checkId(id, false);
  return encodeFrame(id, Dynamixel1Instruction.FactoryReset);
}

export function buildSyncWrite(
  address: number,
  length: number,
  entries: readonly Dynamixel1WriteEntry[],
): Uint8Array {
  checkSpan(address, length);
  checkGroup(entries.map((e) => e.id));
  const params: number[] = [address, length];
  for (const { id, data } of entries) {
    if (data.length !== length)
      throw new ServoArgumentError(
        `Sync Write data for id ${id} has ${data.length} bytes; expected ${length}.`,
      );
    params.push(id, ...data);
  }
  return encodeFrame(BROADCAST_ID, Dynamixel1Instruction.SyncWrite, params);
}

/** MX only: `00`, then (length, id, address) per servo; they answer in that order. */
export function buildBulkRead(entries: readonly Dynamixel1BulkReadEntry[]): Uint8Array {
  checkGroup(entries.map((e) => e.id));
  const params: number[] = [0x00];
  for (const { id, address, length } of entries) {
    checkSpan(address, length);
    params.push(length, id, address);
  }
  return encodeFrame(BROADCAST_ID, Dynamixel1Instruction.BulkRead, params);
}
