import { CommonInstruction, instructionNamer } from '../checksum-packet/common-instructions';

/**
 * Dynamixel Protocol 1.0 constants (ROBOTIS e-Manual, "Protocol 1.0"): `FF FF ID LEN INST
 * PARAMS CHK`, checksum = ~(ID + LEN + INST + PARAMS) low byte, words little-endian. AX and MX
 * servos with 1.0 firmware have no Sync Read; MX (not AX) answers Bulk Read.
 */
export { BROADCAST_ID_BYTE as BROADCAST_ID } from '../checksum-packet/packet';
/** IDs 0–253 address one servo; 254 is broadcast. */
export { MAX_SERVO_ID } from '../checksum-packet/request-checks';

export const Dynamixel1Instruction = {
  ...CommonInstruction,
  /** "Factory Reset" (the e-Manual's "Reset"): the whole table, id included, back to defaults. */
  FactoryReset: 0x06,
  /** MX series only. */
  BulkRead: 0x92,
} as const;

export const dynamixel1InstructionName = instructionNamer([
  [Dynamixel1Instruction.FactoryReset, 'Factory Reset'],
  [Dynamixel1Instruction.BulkRead, 'Bulk Read'],
]);

/** Status Return Level (16): 0 Ping only, 1 Ping and Read, 2 everything. */
export const StatusReturnLevel = { PingOnly: 0, PingAndRead: 1, All: 2 } as const;

/**
 * Baud Rate register (4): 2 Mbps / (value + 1); MX adds 250–252 for 2.25, 2.5 and 3 Mbps
 * (e-Manual, "Baud Rate"). 1 is 1 Mbps (AX default), 34 is 57142 (the MX default, "57600").
 */
export function dynamixel1BaudRate(register: number): number {
  if (register === 250) return 2_250_000;
  if (register === 251) return 2_500_000;
  if (register === 252) return 3_000_000;
  return Math.round(2_000_000 / (register + 1));
}
