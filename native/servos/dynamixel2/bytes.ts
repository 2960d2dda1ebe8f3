/** Little-endian integer helpers: every multi-byte field on the Dynamixel wire is LSB first. */

export function encodeUint(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = Math.trunc(value);
  // Two's complement for negatives, so signed items (Goal Velocity, Homing Offset) encode too.
  if (v < 0) v += 2 ** (8 * size);
  for (let i = 0; i < size; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function decodeUint(bytes: Uint8Array, offset: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[offset + i] ?? 0);
  return v;
}

export function decodeInt(bytes: Uint8Array, offset: number, size: number): number {
  const u = decodeUint(bytes, offset, size);
  const half = 2 ** (8 * size - 1);
  return u >= half ? u - 2 * half : u;
}

export function u16(value: number): [number, number] {
  return [value & 0xff, (value >> 8) & 0xff];
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
