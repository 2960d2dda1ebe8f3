/**
 * Just enough of Dynamixel 2.0 and Modbus RTU framing for the packet console to check what a
 * technician typed before it goes out: hex parsing, the two CRCs, and a short description.
 * The server decodes replies; this only helps typing.
 */

export type HexCheck =
  { ok: true; bytes: number[] } | { ok: false; reason: 'empty' | 'odd' | 'chars' | 'long' };

export const MAX_CONSOLE_BYTES = 1000;

export function parseHex(text: string): HexCheck {
  const compact = text.replace(/\s+/g, '').replace(/0x/gi, '');
  if (compact.length === 0) return { ok: false, reason: 'empty' };
  if (/[^0-9a-f]/i.test(compact)) return { ok: false, reason: 'chars' };
  if (compact.length % 2 !== 0) return { ok: false, reason: 'odd' };
  if (compact.length / 2 > MAX_CONSOLE_BYTES) return { ok: false, reason: 'long' };
  const bytes: number[] = [];
  for (let i = 0; i < compact.length; i += 2) bytes.push(parseInt(compact.slice(i, i + 2), 16));
  return { ok: true, bytes };
}

export function toHex(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** CRC-16 of Dynamixel Protocol 2.0 (polynomial 0x8005, initial 0, not reflected). */
export function dynamixelCrc(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF). */
export function modbusCrc(bytes: readonly number[]): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const INSTRUCTIONS: Record<number, string> = {
  0x01: 'Ping',
  0x02: 'Read',
  0x03: 'Write',
  0x04: 'Reg Write',
  0x05: 'Action',
  0x06: 'Factory Reset',
  0x08: 'Reboot',
  0x10: 'Clear',
  0x20: 'Control Table Backup',
  0x55: 'Status',
  0x82: 'Sync Read',
  0x83: 'Sync Write',
  0x8a: 'Fast Sync Read',
  0x92: 'Bulk Read',
  0x93: 'Bulk Write',
  0x9a: 'Fast Bulk Read',
};

const FUNCTIONS: Record<number, string> = {
  0x01: 'Read Coils',
  0x02: 'Read Discrete Inputs',
  0x03: 'Read Holding Registers',
  0x04: 'Read Input Registers',
  0x05: 'Write Single Coil',
  0x06: 'Write Single Register',
  0x0f: 'Write Multiple Coils',
  0x10: 'Write Multiple Registers',
  0x17: 'Read/Write Multiple Registers',
};

export type Framing = 'dynamixel2' | 'modbus-rtu';

export interface Prepared {
  bytes: number[];
  /** True when the console appended the CRC the typed packet was missing. */
  crcAdded: boolean;
  /** A short description, e.g. "Ping · id 11". */
  summary: string;
}

const HEADER = [0xff, 0xff, 0xfd, 0x00];

/** Completes the CRC when the packet is exactly two bytes short of it, and describes the packet. */
export function preparePacket(bytes: number[], framing: Framing, addCrc: boolean): Prepared {
  if (framing === 'dynamixel2') {
    const isPacket = bytes.length >= 8 && HEADER.every((value, i) => bytes[i] === value);
    if (!isPacket) return { bytes, crcAdded: false, summary: '' };
    const length = (bytes[5] ?? 0) | ((bytes[6] ?? 0) << 8);
    let out = bytes;
    let crcAdded = false;
    if (addCrc && bytes.length === 7 + length - 2) {
      const crc = dynamixelCrc(bytes);
      out = [...bytes, crc & 0xff, crc >> 8];
      crcAdded = true;
    }
    const id = bytes[4] ?? 0;
    const name = INSTRUCTIONS[bytes[7] ?? -1] ?? `0x${(bytes[7] ?? 0).toString(16)}`;
    return { bytes: out, crcAdded, summary: `${name} · id ${id === 0xfe ? 'broadcast' : id}` };
  }
  if (bytes.length < 2) return { bytes, crcAdded: false, summary: '' };
  let out = bytes;
  let crcAdded = false;
  const body = bytes.slice(0, -2);
  const crc = modbusCrc(body);
  const hasCrc = bytes.length >= 4 && bytes.at(-2) === (crc & 0xff) && bytes.at(-1) === crc >> 8;
  if (addCrc && !hasCrc) {
    const full = modbusCrc(bytes);
    out = [...bytes, full & 0xff, full >> 8];
    crcAdded = true;
  }
  const name = FUNCTIONS[bytes[1] ?? -1] ?? `function 0x${(bytes[1] ?? 0).toString(16)}`;
  return { bytes: out, crcAdded, summary: `${name} · slave ${bytes[0] ?? 0}` };
}

/** A ready-made ping (Dynamixel) or status read (Modbus) for a quick "is it there?". */
export function pingPacket(framing: Framing, id: number): string {
  if (framing === 'dynamixel2') {
    const body = [...HEADER, id & 0xff, 0x03, 0x00, 0x01];
    const crc = dynamixelCrc(body);
    return toHex([...body, crc & 0xff, crc >> 8]);
  }
  // Robotiq: read the three input registers (status) starting at 0x07D0.
  const body = [id & 0xff, 0x04, 0x07, 0xd0, 0x00, 0x03];
  const crc = modbusCrc(body);
  return toHex([...body, crc & 0xff, crc >> 8]);
}

const MODELS: Record<number, string> = {
  1020: 'XM430-W350',
  1030: 'XM430-W210',
  1000: 'XH430-W350',
  1060: 'XL430-W250',
  1190: 'XL330-M077',
  1200: 'XL330-M288',
};

/**
 * What a Dynamixel status packet answering a Ping carries: the model number and firmware
 * version, e.g. "model 1020 (XM430-W350), firmware 46". Empty for anything else.
 */
export function describePingReply(sent: readonly number[], replyHex: string): string {
  const reply = parseHex(replyHex);
  if (!reply.ok || sent[7] !== 0x01) return '';
  const bytes = reply.bytes;
  const isStatus = HEADER.every((value, i) => bytes[i] === value) && bytes[7] === 0x55;
  if (!isStatus || bytes.length < 14) return '';
  const model = (bytes[9] ?? 0) | ((bytes[10] ?? 0) << 8);
  const name = MODELS[model];
  return `model ${model}${name ? ` (${name})` : ''}, firmware ${bytes[11] ?? 0}`;
}
