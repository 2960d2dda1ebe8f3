/**
 * CRC-16 used by Dynamixel Protocol 2.0: polynomial 0x8005, initial value 0, no reflection,
 * no final XOR (CRC-16/BUYPASS). The table is generated at load time; it equals the 256-entry
 * table printed in the ROBOTIS e-Manual (tests pin its first entries).
 */
export const CRC_TABLE: Uint16Array = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
    }
    table[i] = crc;
  }
  return table;
}

/** CRC of `data[start, end)`, optionally continuing from an earlier partial CRC. */
export function crc16(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  let crc = initial & 0xffff;
  for (let i = start; i < end; i++) {
    const index = ((crc >> 8) ^ (data[i] ?? 0)) & 0xff;
    crc = ((crc << 8) ^ (CRC_TABLE[index] ?? 0)) & 0xffff;
  }
  return crc;
}
