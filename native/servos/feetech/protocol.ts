/**
 * Feetech FT-SCS protocol constants (Feetech "Communication Protocol User Manual", §1.1–1.3):
 * `FF FF ID LEN INST PARAMS CHK`, checksum = ~(ID + LEN + INST + PARAMS) low byte. STS/SMS
 * (magnetic encoder) servos store words low byte first, SCS (potentiometer) servos high byte
 * first; the frame is the same.
 */
export const BROADCAST_ID = 0xfe;
/** IDs 0–253 address one servo; 254 is broadcast. */
export const MAX_SERVO_ID = 253;

export const FeetechInstruction = {
  Ping: 0x01,
  Read: 0x02,
  Write: 0x03,
  RegWrite: 0x04,
  Action: 0x05,
  /** "RESET" in the manual (§1.3.8): the control table back to factory values. */
  Reset: 0x06,
  /** Newer firmware: clears the multi-turn count and state ("reSet" in Feetech's SDK). */
  StateReset: 0x0a,
  SyncRead: 0x82,
  SyncWrite: 0x83,
} as const;
export type FeetechInstructionCode = (typeof FeetechInstruction)[keyof typeof FeetechInstruction];

const NAMES = new Map<number, string>([
  [0x01, 'Ping'],
  [0x02, 'Read'],
  [0x03, 'Write'],
  [0x04, 'Reg Write'],
  [0x05, 'Action'],
  [0x06, 'Reset'],
  [0x0a, 'State Reset'],
  [0x82, 'Sync Read'],
  [0x83, 'Sync Write'],
]);

export function feetechInstructionName(code: number): string {
  return NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

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
