/**
 * The one-byte checksum of Dynamixel Protocol 1.0 and Feetech's FT-SCS protocol:
 * the ones' complement of the low byte of ID + LENGTH + INSTRUCTION/ERROR + PARAMETERS,
 * i.e. every byte after the two-byte header up to the checksum itself.
 */
export function checksum(bytes: ArrayLike<number>, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] ?? 0;
  return ~sum & 0xff;
}
