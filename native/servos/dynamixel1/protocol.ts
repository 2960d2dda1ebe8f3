/**
 * Dynamixel Protocol 1.0 constants (ROBOTIS e-Manual, "Protocol 1.0"): `FF FF ID LEN INST
 * PARAMS CHK`, checksum = ~(ID + LEN + INST + PARAMS) low byte, words little-endian. AX and MX
 * servos with 1.0 firmware have no Sync Read; MX (not AX) answers Bulk Read.
 */
export const BROADCAST_ID = 0xfe;
/** IDs 0–253 address one servo; 254 is broadcast. */
export const MAX_SERVO_ID = 253;

export const Dynamixel1Instruction = {
  Ping: 0x01,
  Read: 0x02,
  Write: 0x03,
  RegWrite: 0x04,
  Action: 0x05,
  /** "Factory Reset" (the e-Manual's "Reset"): the whole table, id included, back to defaults. */
  FactoryReset: 0x06,
  SyncWrite: 0x83,
  /** MX series only. */
  BulkRead: 0x92,
} as const;

const NAMES = new Map<number, string>([
  [0x01, 'Ping'],
  [0x02, 'Read'],
  [0x03, 'Write'],
  [0x04, 'Reg Write'],
  [0x05, 'Action'],
  [0x06, 'Factory Reset'],
  [0x83, 'Sync Write'],
  [0x92, 'Bulk Read'],
]);

export function dynamixel1InstructionName(code: number): string {
  return NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

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
