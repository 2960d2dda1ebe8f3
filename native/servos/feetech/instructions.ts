import { encodeFrame } from '../checksum-packet/packet';
import { ServoArgumentError } from '../transaction/errors';
import { BROADCAST_ID, FeetechInstruction, MAX_SERVO_ID } from './protocol';

/** Builders for every Feetech instruction; each checks its arguments and returns the wire bytes. */
export interface FeetechWriteEntry {
  id: number;
  data: Uint8Array;
}

function checkId(id: number, allowBroadcast: boolean): void {
  const ok =
    Number.isInteger(id) &&
    ((id >= 0 && id <= MAX_SERVO_ID) || (allowBroadcast && id === BROADCAST_ID));
  if (!ok)
    throw new ServoArgumentError(
      `Feetech servo id ${id} is invalid: use 0–${MAX_SERVO_ID}${allowBroadcast ? ' or 254 (broadcast)' : ''}.`,
    );
}

function checkSpan(address: number, length: number): void {
  if (!Number.isInteger(address) || address < 0 || address > 255)
    throw new ServoArgumentError(
      `Address ${address} is out of range 0–255 (Feetech addresses are one byte).`,
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

export function buildPing(id: number): Uint8Array {
  checkId(id, true);
  return encodeFrame(id, FeetechInstruction.Ping);
}

export function buildRead(id: number, address: number, length: number): Uint8Array {
  checkId(id, false);
  checkSpan(address, length);
  if (length > 250)
    throw new ServoArgumentError(`A Feetech Read returns at most 250 bytes; asked for ${length}.`);
  return encodeFrame(id, FeetechInstruction.Read, [address, length]);
}

export function buildWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, FeetechInstruction.Write, [address, ...data]);
}

export function buildRegWrite(id: number, address: number, data: Uint8Array): Uint8Array {
  checkId(id, true);
  checkSpan(address, data.length);
  return encodeFrame(id, FeetechInstruction.RegWrite, [address, ...data]);
}

export function buildAction(id: number = BROADCAST_ID): Uint8Array {
  checkId(id, true);
  return encodeFrame(id, FeetechInstruction.Action);
}

export function buildReset(id: number): Uint8Array {
  checkId(id, false);
  return encodeFrame(id, FeetechInstruction.Reset);
}

export function buildStateReset(id: number): Uint8Array {
  checkId(id, false);
  return encodeFrame(id, FeetechInstruction.StateReset);
}

/** STS/SMS only: every listed servo answers with its own status packet, in the order given. */
export function buildSyncRead(address: number, length: number, ids: readonly number[]): Uint8Array {
  checkSpan(address, length);
  checkGroup(ids);
  return encodeFrame(BROADCAST_ID, FeetechInstruction.SyncRead, [address, length, ...ids]);
}

export function buildSyncWrite(
  address: number,
  length: number,
  entries: readonly FeetechWriteEntry[],
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
  return encodeFrame(BROADCAST_ID, FeetechInstruction.SyncWrite, params);
}
