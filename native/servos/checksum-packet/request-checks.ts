import { ServoArgumentError } from '../transaction/errors';
import { BROADCAST_ID_BYTE } from './packet';

/**
 * Argument checks shared by the checksum-packet families' instruction builders (Dynamixel 1.0
 * and Feetech): one-byte ids (0–253, 254 broadcast), one-byte addresses, group instructions.
 */
export const MAX_SERVO_ID = 253;

export function checkId(family: string, id: number, allowBroadcast: boolean): void {
  const ok =
    Number.isInteger(id) &&
    ((id >= 0 && id <= MAX_SERVO_ID) || (allowBroadcast && id === BROADCAST_ID_BYTE));
  if (!ok)
    throw new ServoArgumentError(
      `${family} servo id ${id} is invalid: use 0–${MAX_SERVO_ID}${allowBroadcast ? ' or 254 (broadcast)' : ''}.`,
    );
}

export function checkSpan(address: number, length: number): void {
  if (!Number.isInteger(address) || address < 0 || address > 255)
    throw new ServoArgumentError(
      `Address ${address} is out of range 0–255 (addresses are one byte in this protocol).`,
    );
  if (!Number.isInteger(length) || length < 1 || address + length > 256)
    throw new ServoArgumentError(
      `Length ${length} at address ${address} is invalid: at least 1 byte, ending at or before address 255.`,
    );
}

export function checkGroup(family: string, ids: readonly number[]): void {
  if (ids.length === 0)
    throw new ServoArgumentError('A group instruction needs at least one servo id.');
  if (new Set(ids).size !== ids.length)
    throw new ServoArgumentError('Each servo id may appear only once in a group instruction.');
  ids.forEach((id) => checkId(family, id, false));
}

export interface GroupWriteEntry {
  id: number;
  data: Uint8Array;
}

/** `address, length, (id, data…)…` — the parameters of a Sync Write in both families. */
export function syncWriteParams(
  family: string,
  address: number,
  length: number,
  entries: readonly GroupWriteEntry[],
): number[] {
  checkSpan(address, length);
  checkGroup(
    family,
    entries.map((e) => e.id),
  );
  const params: number[] = [address, length];
  for (const { id, data } of entries) {
    if (data.length !== length)
      throw new ServoArgumentError(
        `Sync Write data for id ${id} has ${data.length} bytes; expected ${length}.`,
      );
    params.push(id, ...data);
  }
  return params;
}
