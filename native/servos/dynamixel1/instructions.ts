import { encodeFrame } from '../checksum-packet/packet';
import {
  checkGroup,
  checkId,
  checkSpan,
  syncWriteParams,
  type GroupWriteEntry,
} from '../checksum-packet/request-checks';
import { BROADCAST_ID, Dynamixel1Instruction } from './protocol';

/** Builders for every Protocol 1.0 instruction; each checks its arguments and returns the wire bytes. */
export type Dynamixel1WriteEntry = GroupWriteEntry;

export interface Dynamixel1BulkReadEntry {
  id: number;
  address: number;
  length: number;
}

const FAMILY = 'Dynamixel';

/** Ping answers even at Status Return Level 0. A broadcast Ping would make every servo collide. */
export function buildPing(id: number): Uint8Array {
  checkId(FAMILY, id, false);
  return encodeFrame(id, Dynamixel1Instruction.Ping);
}

export function buildRead(id: number, address: number, length: number): Uint8Array {
  checkId(FAMILY, id, false);
  checkSpan(address, length);
  return encodeFrame(id, Dynamixel1Instruction.Read, [address, length]);
}

export function buildWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(FAMILY, id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, Dynamixel1Instruction.Write, [address, ...data]);
}

export function buildRegWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(FAMILY, id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, Dynamixel1Instruction.RegWrite, [address, ...data]);
}

export function buildAction(id: number = BROADCAST_ID): Uint8Array {
  checkId(FAMILY, id, true);
  return encodeFrame(id, Dynamixel1Instruction.Action);
}

export function buildFactoryReset(id: number): Uint8Array {
  checkId(FAMILY, id, false);
  return encodeFrame(id, Dynamixel1Instruction.FactoryReset);
}

export function buildSyncWrite(
  address: number,
  length: number,
  entries: readonly Dynamixel1WriteEntry[],
): Uint8Array {
  return encodeFrame(
    BROADCAST_ID,
    Dynamixel1Instruction.SyncWrite,
    syncWriteParams(FAMILY, address, length, entries),
  );
}

/** MX only: `00`, then (length, id, address) per servo; they answer in that order. */
export function buildBulkRead(entries: readonly Dynamixel1BulkReadEntry[]): Uint8Array {
  checkGroup(
    FAMILY,
    entries.map((e) => e.id),
  );
  const params: number[] = [0x00];
  for (const { id, address, length } of entries) {
    checkSpan(address, length);
    params.push(length, id, address);
  }
  return encodeFrame(BROADCAST_ID, Dynamixel1Instruction.BulkRead, params);
}
