/**
 * CRC-16/MODBUS (MODBUS over Serial Line V1.02, §6.2.2): reflected polynomial 0xA001, initial
 * value 0xFFFF, no final XOR. On the wire the low byte goes first.
 */
const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[i] = crc;
  }
  return table;
})();

export function crc16Modbus(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/** True when the last two bytes of `frame` are the CRC (low byte first) of everything before. */
export function hasValidCrc(frame: Uint8Array, start = 0, end = frame.length): boolean {
  if (end - start < 4) return false;
  const crc = crc16Modbus(frame, start, end - 2);
  return frame[end - 2] === (crc & 0xff) && frame[end - 1] === crc >>> 8;
}
