/**
 * Robotiq 2F-85 / 2F-140 Modbus RTU register map (Instruction Manual §4.2–4.4), as data. Each
 * 16-bit register carries two bytes of the gripper's byte table, high byte first.
 */
export const ROBOTIQ_2F85_DEFAULTS = {
  slaveId: 9,
  baudRate: 115200,
  /** 8 data bits, no parity, 1 stop bit. */
  framing: '8N1',
} as const;

export const OUTPUT_REGISTERS = {
  /** Robot → gripper, written with function 16. */
  address: 0x03e8,
  count: 8,
  /** Byte 0 ACTION REQUEST, 1–2 reserved, 3 rPR, 4 rSP, 5 rFR, 6–15 reserved. */
  bytes: { actionRequest: 0, positionRequest: 3, speed: 4, force: 5 },
} as const;

export const INPUT_REGISTERS = {
  /** Gripper → robot, read with function 4 (function 3 answers too). */
  address: 0x07d0,
  count: 8,
  /** Byte 0 GRIPPER STATUS, 1 reserved, 2 FAULT STATUS, 3 gPR echo, 4 gPO, 5 gCU. */
  bytes: { gripperStatus: 0, faultStatus: 2, positionRequestEcho: 3, position: 4, current: 5 },
  /** The status, fault/echo and position/current registers: all a poll needs. */
  statusCount: 3,
} as const;

/** Bits of the ACTION REQUEST byte. */
export const ACTION = {
  /** rACT: 1 activates; a rising edge clears a major fault. */
  rACT: 0x01,
  /** rGTO: 1 goes to the requested position; 0 stops. */
  rGTO: 0x08,
  /** rATR: automatic release (emergency), slow opening. */
  rATR: 0x10,
  /** rARD: automatic release direction, 1 = open. */
  rARD: 0x20,
} as const;

/** Fields of the GRIPPER STATUS byte. */
export const GRIPPER_STATUS = {
  gACT: { shift: 0, mask: 0x01 },
  gGTO: { shift: 3, mask: 0x01 },
  /** 0 reset or auto-release, 1 activation in progress, 3 activation complete. */
  gSTA: { shift: 4, mask: 0x03 },
  /** 0 moving, 1 stopped on contact while opening, 2 … while closing, 3 at requested position. */
  gOBJ: { shift: 6, mask: 0x03 },
} as const;

/**
 * Where a calibrated 2F-85's fingers physically stop: activation maps the 85 mm stroke onto about
 * 3 (open) … 227 (0xE3, closed) rather than the full 0–255 request range.
 */
export const FINGER_LIMITS = { openPosition: 3, closedPosition: 227, strokeMm: 85 } as const;

/** gCU counts in 10 mA steps. */
export const CURRENT_AMPS_PER_COUNT = 0.01;

export function field(byte: number, spec: { shift: number; mask: number }): number {
  return (byte >> spec.shift) & spec.mask;
}

/** Splits registers into the manual's byte table (high byte first). */
export function registersToBytes(registers: readonly number[]): number[] {
  return registers.flatMap((r) => [(r >> 8) & 0xff, r & 0xff]);
}

export function bytesToRegisters(bytes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) out.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return out;
}
