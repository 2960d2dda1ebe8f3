import { describe, expect, it } from 'vitest';
import {
  fromRaw,
  readUnsigned,
  toRaw,
  WordRangeError,
  writeUnsigned,
  type Signedness,
} from '../../../../native/servos/control-tables/word-codec';
import { SeededRandom } from '../../../../native/servos/physics/random';

const SM15: Signedness = { kind: 'sign-magnitude', bit: 15 };
const SM11: Signedness = { kind: 'sign-magnitude', bit: 11 };
const SM10: Signedness = { kind: 'sign-magnitude', bit: 10 };

describe('byte order', () => {
  it('STS words are low byte first, SCS words high byte first', () => {
    // Feetech manual §1.0 "Byte Order": potentiometer (SCS) high byte first, magnetic (STS) low first.
    expect(Array.from(writeUnsigned(0x0518, 2, 'little'))).toEqual([0x18, 0x05]);
    expect(Array.from(writeUnsigned(0x0518, 2, 'big'))).toEqual([0x05, 0x18]);
    expect(readUnsigned([0x18, 0x05], 0, 2, 'little')).toBe(1304);
    expect(readUnsigned([0x05, 0x18], 0, 2, 'big')).toBe(1304);
    expect(readUnsigned([0x78, 0x56, 0x34, 0x12], 0, 4, 'little')).toBe(0x12345678);
  });
});

describe('sign-magnitude fields', () => {
  it('put the direction in the named bit and the magnitude below it', () => {
    // LeRobot feetech tables: Homing_Offset sign bit 11, Present_Load 10, positions/velocities 15.
    expect(toRaw(-100, 2, SM15)).toBe(0x8000 + 100);
    expect(toRaw(-100, 2, SM11)).toBe(0x0800 + 100);
    expect(toRaw(-512, 2, SM10)).toBe(0x0400 + 512);
    expect(fromRaw(0x8000 + 100, 2, SM15)).toBe(-100);
    expect(fromRaw(0x0800 + 2047, 2, SM11)).toBe(-2047);
    // e-Manual AX-12A Present Load: 0–1023 CCW, 1024–2047 CW; 1024 equals 0.
    expect(fromRaw(1024, 2, SM10)).toBe(0);
    expect(fromRaw(1024 + 512, 2, SM10)).toBe(-512);
  });

  it('refuse a magnitude that would spill into the sign bit', () => {
    expect(() => toRaw(2048, 2, SM11)).toThrow(WordRangeError);
    expect(() => toRaw(-1024, 2, SM10)).toThrow(/bit 10/);
    expect(() => toRaw(-1, 1, { kind: 'unsigned' })).toThrow(WordRangeError);
    expect(() => toRaw(32768, 2, { kind: 'twos' })).toThrow(WordRangeError);
  });

  it('ignore bits above the sign bit on decode, as firmware does', () => {
    expect(fromRaw(0xf800 | 5, 2, SM11)).toBe(-5); // bits 11–15 set
    expect(fromRaw(0xf000 | 5, 2, SM11)).toBe(5); // bits 12–15 set, sign bit clear
  });
});

describe('property: every representable value round trips in both byte orders', () => {
  it('holds for 20k random values of every signedness and size', () => {
    const rng = new SeededRandom(99);
    const kinds: [Signedness, number][] = [
      [{ kind: 'unsigned' }, 1],
      [{ kind: 'unsigned' }, 2],
      [{ kind: 'unsigned' }, 4],
      [{ kind: 'twos' }, 2],
      [{ kind: 'twos' }, 4],
      [SM15, 2],
      [SM11, 2],
      [SM10, 2],
    ];
    for (let n = 0; n < 20_000; n++) {
      const [sign, size] = kinds[rng.int(kinds.length)] ?? [{ kind: 'unsigned' }, 1];
      const span =
        sign.kind === 'unsigned'
          ? 2 ** (8 * size)
          : sign.kind === 'twos'
            ? 2 ** (8 * size - 1)
            : 2 ** sign.bit;
      const value =
        sign.kind === 'unsigned'
          ? Math.floor(rng.next() * span)
          : Math.floor(rng.next() * (2 * span - 1)) - (span - 1);
      for (const order of ['little', 'big'] as const) {
        const bytes = writeUnsigned(toRaw(value, size, sign), size, order);
        expect(bytes).toHaveLength(size);
        expect(fromRaw(readUnsigned(bytes, 0, size, order), size, sign)).toBe(value);
      }
    }
  });
});
