import type { ChecksumInstructions } from './packet-bus';
import { BROADCAST_ID_BYTE, encodeFrame } from './packet';
import { checkId, checkSpan, syncWriteParams } from './request-checks';

/** The instructions both checksum families have, numbered alike in Dynamixel 1.0 and Feetech. */
export const CommonInstruction = {
  Ping: 0x01,
  Read: 0x02,
  Write: 0x03,
  RegWrite: 0x04,
  Action: 0x05,
  SyncWrite: 0x83,
} as const;

/** How console lines and messages name the common instructions. */
export const COMMON_INSTRUCTION_NAMES: readonly (readonly [number, string])[] = [
  [CommonInstruction.Ping, 'Ping'],
  [CommonInstruction.Read, 'Read'],
  [CommonInstruction.Write, 'Write'],
  [CommonInstruction.RegWrite, 'Reg Write'],
  [CommonInstruction.Action, 'Action'],
  [CommonInstruction.SyncWrite, 'Sync Write'],
];

/** A family's instruction names (the common ones and its own); an unknown code reads as hex. */
export function instructionNamer(
  own: readonly (readonly [number, string])[],
): (code: number) => string {
  const names = new Map<number, string>([...COMMON_INSTRUCTION_NAMES, ...own]);
  return (code) => names.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

export interface CommonInstructionRules {
  /** Family name argument errors start with ("Dynamixel", "Feetech"). */
  family: string;
  /** A Ping to everyone: Feetech STS servos answer in id order; Dynamixel 1.0 servos would collide. */
  broadcastPing: boolean;
  /** The family's own limit on a Read's length, checked after the id and the span. */
  checkReadLength?: (length: number) => void;
}

/** Builders of the instructions both families have; each checks its arguments and returns the wire bytes. */
export function commonInstructions(rules: CommonInstructionRules): ChecksumInstructions {
  const { family } = rules;
  const writeLike = (code: number, id: number, address: number, data: Uint8Array) => {
    checkId(family, id, true);
    checkSpan(address, data.length);
    return encodeFrame(id, code, [address, ...data]);
  };
  return {
    buildPing: (id) => {
      checkId(family, id, rules.broadcastPing);
      return encodeFrame(id, CommonInstruction.Ping);
    },
    buildRead: (id, address, length) => {
      checkId(family, id, false);
      checkSpan(address, length);
      rules.checkReadLength?.(length);
      return encodeFrame(id, CommonInstruction.Read, [address, length]);
    },
    buildWrite: (id, address, data) => writeLike(CommonInstruction.Write, id, address, data),
    buildRegWrite: (id, address, data) => writeLike(CommonInstruction.RegWrite, id, address, data),
    buildAction: (id = BROADCAST_ID_BYTE) => {
      checkId(family, id, true);
      return encodeFrame(id, CommonInstruction.Action);
    },
    buildSyncWrite: (address, length, entries) => {
      const params = syncWriteParams(family, address, length, entries);
      return encodeFrame(BROADCAST_ID_BYTE, CommonInstruction.SyncWrite, params);
    },
  };
}
