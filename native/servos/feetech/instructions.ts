import { encodeFrame } from '../checksum-packet/packet';
import { commonInstructions } from '../checksum-packet/common-instructions';
import {
  checkGroup,
  checkId,
  checkSpan,
  type GroupWriteEntry,
} from '../checksum-packet/request-checks';
import { ServoArgumentError } from '../transaction/errors';
import { BROADCAST_ID, FeetechInstruction } from './protocol';

/** Builders for every Feetech instruction; each checks its arguments and returns the wire bytes. */
export type FeetechWriteEntry = GroupWriteEntry;

const FAMILY = 'Feetech';

/** STS/SMS servos answer a broadcast Ping in id order. */
export const { buildPing, buildRead, buildWrite, buildRegWrite, buildAction, buildSyncWrite } =
  commonInstructions({
    family: FAMILY,
    broadcastPing: true,
    checkReadLength: (length) => {
      if (length > 250)
        throw new ServoArgumentError(
          `A Feetech Read returns at most 250 bytes; asked for ${length}.`,
        );
    },
  });

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
