/**
 * How a register's bytes become a number, for the families whose control tables are not plain
 * little-endian two's complement: Feetech SCS stores words high byte first, and Feetech and
 * Dynamixel 1.0 put a direction bit in the middle of a word (sign-magnitude, e.g. bit 10 of
 * Present Load, bit 11 of an STS Homing Offset, bit 15 of an STS position).
 */
export type ByteOrder = 'little' | 'big';

/** How a raw field is signed: not at all, two's complement, or a sign bit above the magnitude. */
export type Signedness =
  { kind: 'unsigned' } | { kind: 'twos' } | { kind: 'sign-magnitude'; bit: number };

export class WordRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'WordRangeError';
  }
}

export function readUnsigned(
  bytes: ArrayLike<number>,
  offset: number,
  size: number,
  order: ByteOrder,
): number {
  let v = 0;
  for (let i = 0; i < size; i++) {
    const b = bytes[offset + (order === 'little' ? size - 1 - i : i)] ?? 0;
    v = v * 256 + b;
  }
  return v;
}

export function writeUnsigned(value: number, size: number, order: ByteOrder): Uint8Array {
  const out = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    out[order === 'little' ? i : size - 1 - i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/** The unsigned register value of `value`; throws when it does not fit the field. */
export function toRaw(value: number, size: number, sign: Signedness): number {
  const v = Math.trunc(value);
  const full = 2 ** (8 * size);
  switch (sign.kind) {
    case 'unsigned':
      if (v < 0 || v >= full)
        throw new WordRangeError(
          `${v} does not fit an unsigned ${size}-byte field (0–${full - 1}).`,
        );
      return v;
    case 'twos': {
      const half = full / 2;
      if (v < -half || v >= half)
        throw new WordRangeError(
          `${v} does not fit a signed ${size}-byte field (${-half}–${half - 1}).`,
        );
      return v < 0 ? v + full : v;
    }
    case 'sign-magnitude': {
      const limit = 2 ** sign.bit;
      if (Math.abs(v) >= limit)
        throw new WordRangeError(
          `${v} does not fit a field whose sign is bit ${sign.bit} (−${limit - 1}…${limit - 1}).`,
        );
      return v < 0 ? -v + limit : v;
    }
  }
}

/** The value a raw register holds. Sign-magnitude ignores bits above the sign bit, as firmware does. */
export function fromRaw(raw: number, size: number, sign: Signedness): number {
  switch (sign.kind) {
    case 'unsigned':
      return raw;
    case 'twos': {
      const half = 2 ** (8 * size - 1);
      return raw >= half ? raw - 2 * half : raw;
    }
    case 'sign-magnitude': {
      const limit = 2 ** sign.bit;
      const magnitude = raw % limit;
      return Math.floor(raw / limit) % 2 === 1 && magnitude !== 0 ? -magnitude : magnitude;
    }
  }
}
