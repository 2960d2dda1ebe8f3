import { encodeFrame } from '../checksum-packet/packet';
import { commonInstructions } from '../checksum-packet/common-instructions';
import {
  checkGroup,
  checkId,
  checkSpan,
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
export const { buildPing, buildRead, buildWrite, buildRegWrite, buildAction, buildSyncWrite } =
  commonInstructions({ family: FAMILY, broadcastPing: false });

export function buildFactoryReset(id: number): Uint8Array {
  checkId(FAMILY, id, false);
  return encodeFrame(id, Dynamixel1Instruction.FactoryReset);
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
