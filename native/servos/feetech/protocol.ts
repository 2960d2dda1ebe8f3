import { CommonInstruction, instructionNamer } from '../checksum-packet/common-instructions';

/**
 * Feetech FT-SCS protocol constants (Feetech "Communication Protocol User Manual", §1.1–1.3):
 * `FF FF ID LEN INST PARAMS CHK`, checksum = ~(ID + LEN + INST + PARAMS) low byte. STS/SMS
 * (magnetic encoder) servos store words low byte first, SCS (potentiometer) servos high byte
 * first; the frame is the same.
 */
export { BROADCAST_ID_BYTE as BROADCAST_ID } from '../checksum-packet/packet';
/** IDs 0–253 address one servo; 254 is broadcast. */
export { MAX_SERVO_ID } from '../checksum-packet/request-checks';

export const FeetechInstruction = {
  ...CommonInstruction,
  /** "RESET" in the manual (§1.3.8): the control table back to factory values. */
  Reset: 0x06,
  /** Newer firmware: clears the multi-turn count and state ("reSet" in Feetech's SDK). */
  StateReset: 0x0a,
  SyncRead: 0x82,
} as const;
export type FeetechInstructionCode = (typeof FeetechInstruction)[keyof typeof FeetechInstruction];

export const feetechInstructionName = instructionNamer([
  [FeetechInstruction.Reset, 'Reset'],
  [FeetechInstruction.StateReset, 'State Reset'],
  [FeetechInstruction.SyncRead, 'Sync Read'],
]);

/** Response Status Level (8): 0 answers only Read and Ping, 1 answers everything. */
export const ResponseLevel = { ReadAndPingOnly: 0, All: 1 } as const;

/** Baud Rate register (6) values; STS3215 firmware accepts 0–7, newer firmware 8–11 too. */
export const FEETECH_BAUD_RATES: Readonly<Record<number, number>> = {
  0: 1_000_000,
  1: 500_000,
  2: 250_000,
  3: 128_000,
  4: 115_200,
  5: 76_800,
  6: 57_600,
  7: 38_400,
  8: 19_200,
  9: 14_400,
  10: 9_600,
  11: 4_800,
};

export function feetechBaudRegister(baud: number): number | undefined {
  const entry = Object.entries(FEETECH_BAUD_RATES).find(([, rate]) => rate === baud);
  return entry ? Number(entry[0]) : undefined;
}
