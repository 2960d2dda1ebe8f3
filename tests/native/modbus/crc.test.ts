import { describe, expect, it } from 'vitest';
import { crc16Modbus, hasValidCrc } from '../../../native/modbus/crc';
import { encodeAdu } from '../../../native/modbus/frame';
import { hexBytes, toHex } from './helpers';

// Frames from the MODBUS over Serial Line guide and the Robotiq 2F-85 manual's RTU examples.
const VECTORS: [string, string][] = [
  ['01 03 00 00 00 0A', 'C5 CD'],
  ['02 07', '41 12'],
  ['09 10 03 E8 00 03 06 00 00 00 00 00 00', '73 30'],
  ['09 10 03 E8 00 03 06 09 00 00 FF FF FF', '42 29'],
  ['09 10 03 E8 00 03', '01 30'],
  ['09 03 07 D0 00 01', '85 CF'],
  ['09 04 07 D0 00 03', 'B1 CE'],
  ['09 04 06 39 00 00 00 BB 10', '71 06'],
  ['09 04 06 F9 00 00 00 0D 00', '17 AA'],
  ['09 04 06 B9 00 00 FF BD 00', '5C 9A'],
];

describe('CRC-16/MODBUS', () => {
  it.each(VECTORS)('%s → %s (low byte first)', (body, crc) => {
    const bytes = hexBytes(body);
    const value = crc16Modbus(bytes);
    expect(toHex(Uint8Array.of(value & 0xff, value >>> 8))).toBe(crc);
    const adu = encodeAdu(bytes[0] ?? 0, bytes.subarray(1));
    expect(toHex(adu)).toBe(`${body} ${crc}`);
    expect(hasValidCrc(adu)).toBe(true);
  });

  it('is 0xFFFF for no bytes (the initial value, no final XOR)', () => {
    expect(crc16Modbus(new Uint8Array(0))).toBe(0xffff);
  });

  it('detects every single-bit error in a frame', () => {
    const adu = hexBytes('09 04 06 B9 00 00 FF BD 00 5C 9A');
    for (let i = 0; i < adu.length * 8; i++) {
      const copy = Uint8Array.from(adu);
      copy[i >> 3] = (copy[i >> 3] ?? 0) ^ (1 << (i & 7));
      expect(hasValidCrc(copy)).toBe(false);
    }
  });

  it('refuses frames too short to hold a CRC', () => {
    expect(hasValidCrc(hexBytes('FF FF FF'))).toBe(false);
  });
});
