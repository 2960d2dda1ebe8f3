import { encodeFrame } from '../checksum-packet/packet';
import {
  checkGroup,
  checkId,
  checkSpan,
  syncWriteParams,
  type GroupWriteEntry,
} from '../checksum-packet/request-checks';
import { ServoArgumentError } from '../transaction/errors';
import { BROADCAST_ID, FeetechInstruction } from './protocol';

/** Builders for every Feetech instruction; each checks its arguments and returns the wire bytes. */
export type FeetechWriteEntry = GroupWriteEntry;

const FAMILY = 'Feetech';

export function buildPing(id: number): Uint8Array {
  checkId(FAMILY, id, true);
  return encodeFrame(id, FeetechInstruction.Ping);
}

export function buildRead(id: number, address: number, length: number): Uint8Array {
  checkId(FAMILY, id, false);
  checkSpan(address, length);
  if (length > 250)
    throw new ServoArgumentError(`A Feetech Read returns at most 250 bytes; asked for ${length}.`);
  return encodeFrame(id, FeetechInstruction.Read, [address, length]);
}

export function buildWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(FAMILY, id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, FeetechInstruction.Write, [address, ...data]);
}

export function buildRegWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(FAMILY, id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, FeetechInstruction.RegWrite, [address, ...data]);
}

export function buildAction(id: number = BROADCAST_ID): Uint8Array {
  checkId(FAMILY, id, true);
  return encodeFrame(id, FeetechInstruction.Action);
}

export function buildReset(id: number): Uint8Array {
  checkId(FAMILY, id, false);
  return encodeFrame(id, FeetechInstruction.Reset);
}

export function buildStateReset(id: number): Uint8Array {
  checkId(FAMILY, id, false);
  return encodeFrame(id, FeetechInstruction.StateReset);
}

/** STS/SMS only: every listed servo answers with its own status packet, in the order given. */
export function buildSyncRead(address: number, length: number, ids: readonly number[]): Uint8Array {
  checkSpan(address, length);
  checkGroup(FAMILY, ids);
  return encodeFrame(BROADCAST_ID, FeetechInstruction.SyncRead, [address, length, ...ids]);
}

export function buildSyncWrite(
  address: number,
  length: number,
  entries: readonly FeetechWriteEntry[],
): Uint8Array {
  return encodeFrame(
    BROADCAST_ID,
    FeetechInstruction.SyncWrite,
    syncWriteParams(FAMILY, address, length, entries),
  );
}
