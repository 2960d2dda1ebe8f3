/** Protocol 2.0 constants shared by the codec, the bus and the simulator. */
export const HEADER = [0xff, 0xff, 0xfd, 0x00] as const;
export const BROADCAST_ID = 0xfe;
/** Highest id a device may carry; 253 and 255 would collide with the header bytes. */
export const MAX_DEVICE_ID = 252;
export const STATUS_INSTRUCTION = 0x55;

export const Instruction = {
  Ping: 0x01,
  Read: 0x02,
  Write: 0x03,
  RegWrite: 0x04,
  Action: 0x05,
  FactoryReset: 0x06,
  Reboot: 0x08,
  Clear: 0x10,
  Status: 0x55,
  SyncRead: 0x82,
  SyncWrite: 0x83,
  FastSyncRead: 0x8a,
  BulkRead: 0x92,
  BulkWrite: 0x93,
  FastBulkRead: 0x9a,
} as const;
export type InstructionCode = (typeof Instruction)[keyof typeof Instruction];

const NAMES = new Map<number, string>(
  Object.entries(Instruction).map(([name, code]) => [code, name]),
);

export function instructionName(code: number): string {
  return NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** Factory Reset option byte. */
export const FactoryResetOption = { All: 0xff, KeepId: 0x01, KeepIdAndBaud: 0x02 } as const;

/** Clear option 0x01 must be followed by this fixed key, which guards against accidental resets. */
export const CLEAR_MULTI_TURN_KEY = [0x44, 0x58, 0x4c, 0x22] as const;

/** Status Return Level (68): which instructions get a status packet back. */
export const StatusReturnLevel = { PingOnly: 0, PingAndRead: 1, All: 2 } as const;
