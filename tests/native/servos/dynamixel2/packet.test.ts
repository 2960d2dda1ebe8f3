import { describe, expect, it } from 'vitest';
import { CRC_TABLE, crc16 } from '../../../../native/servos/dynamixel2/crc';
import {
  decodeFastBulkRead,
  decodeFastSyncRead,
  encodeFastReadReply,
} from '../../../../native/servos/dynamixel2/fast-read';
import {
  buildAction,
  buildBulkRead,
  buildBulkWrite,
  buildClear,
  buildFactoryReset,
  buildPing,
  buildRead,
  buildReboot,
  buildRegWrite,
  buildSyncRead,
  buildSyncWrite,
  buildWrite,
} from '../../../../native/servos/dynamixel2/instructions';
import {
  encodeStatusPacket,
  InstructionPacketParser,
  StatusPacketParser,
} from '../../../../native/servos/dynamixel2/packet';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.trim().split(/\s+/), (b) => parseInt(b, 16));
const u32 = (v: number): Uint8Array =>
  Uint8Array.of(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);

describe('CRC-16 (poly 0x8005)', () => {
  it('matches the first entries of the e-Manual table', () => {
    expect(Array.from(CRC_TABLE.slice(0, 8))).toEqual([
      0x0000, 0x8005, 0x800f, 0x000a, 0x801b, 0x001e, 0x0014, 0x8011,
    ]);
    expect(CRC_TABLE[255]).toBe(0x0202);
  });
  it('is the CRC of the ping example', () => {
    expect(crc16(hex('FF FF FD 00 01 03 00 01'))).toBe(0x4e19);
  });
});

describe('instruction packets against e-Manual examples', () => {
  it.each([
    ['ping id 1', buildPing(1), 'FF FF FD 00 01 03 00 01 19 4E'],
    ['broadcast ping', buildPing(0xfe), 'FF FF FD 00 FE 03 00 01 31 42'],
    ['read Present Position', buildRead(1, 132, 4), 'FF FF FD 00 01 07 00 02 84 00 04 00 1D 15'],
    [
      'write Goal Position 512',
      buildWrite(1, 116, u32(512)),
      'FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89',
    ],
    [
      'reg write Goal Velocity 200',
      buildRegWrite(1, 104, u32(200)),
      'FF FF FD 00 01 09 00 04 68 00 C8 00 00 00 AE 8E',
    ],
    ['action', buildAction(1), 'FF FF FD 00 01 03 00 05 02 CE'],
    ['factory reset keep id', buildFactoryReset(1, 0x01), 'FF FF FD 00 01 04 00 06 01 A1 E6'],
    ['reboot', buildReboot(1), 'FF FF FD 00 01 03 00 08 2F 4E'],
    ['clear multi-turn', buildClear(1), 'FF FF FD 00 01 08 00 10 01 44 58 4C 22 B1 DC'],
    ['sync read', buildSyncRead(132, 4, [1, 2]), 'FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA'],
    [
      'sync write',
      buildSyncWrite(116, 4, [
        { id: 1, data: u32(150) },
        { id: 2, data: u32(170) },
      ]),
      'FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87',
    ],
    [
      'bulk read',
      buildBulkRead([
        { id: 1, address: 144, length: 2 },
        { id: 2, address: 146, length: 1 },
      ]),
      'FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05',
    ],
    [
      'bulk write',
      buildBulkWrite([
        { id: 1, address: 32, data: Uint8Array.of(0xa0, 0x00) },
        { id: 2, address: 31, data: Uint8Array.of(0x50) },
      ]),
      'FF FF FD 00 FE 10 00 93 01 20 00 02 00 A0 00 02 1F 00 01 00 50 B7 68',
    ],
  ])('%s', (_name, packet, expected) => {
    expect(Array.from(packet)).toEqual(Array.from(hex(expected)));
  });

  it('refuses invalid ids and duplicate group ids with a clear error', () => {
    expect(() => buildRead(253, 0, 1)).toThrow(/invalid/);
    expect(() => buildSyncRead(132, 4, [1, 1])).toThrow(/only once/);
  });
});

describe('status packets against e-Manual examples', () => {
  it.each([
    ['ping reply', 1, 0, [0x06, 0x04, 0x26], 'FF FF FD 00 01 07 00 55 00 06 04 26 65 5D'],
    ['ping reply id 2', 2, 0, [0x06, 0x04, 0x26], 'FF FF FD 00 02 07 00 55 00 06 04 26 6F 6D'],
    ['read reply', 1, 0, [0xa6, 0, 0, 0], 'FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0'],
    [
      'sync read reply id 2',
      2,
      0,
      [0x1f, 0x08, 0, 0],
      'FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE',
    ],
    ['write ack', 1, 0, [], 'FF FF FD 00 01 04 00 55 00 A1 0C'],
    ['bulk read reply id 1', 1, 0, [0x77, 0x00], 'FF FF FD 00 01 06 00 55 00 77 00 C3 69'],
    ['bulk read reply id 2', 2, 0, [0x24], 'FF FF FD 00 02 05 00 55 00 24 8B A9'],
  ])('%s encodes and parses', (_name, id, error, params, expected) => {
    const bytes = encodeStatusPacket(id, error, params);
    expect(Array.from(bytes)).toEqual(Array.from(hex(expected)));
    const parsed = new StatusPacketParser().push(hex(expected));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.id).toBe(id);
    expect(Array.from(parsed[0]?.params ?? [])).toEqual(params);
  });

  it('parses a reply split byte by byte and two replies in one chunk', () => {
    const parser = new StatusPacketParser();
    const both = hex(
      'FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0 FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE',
    );
    const seen = [...both].flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(seen.map((p) => p.id)).toEqual([1, 2]);
    expect(parser.push(both).map((p) => p.id)).toEqual([1, 2]);
  });

  it('stuffs FF FF FD in parameters and counts the stuffed bytes in LEN', () => {
    const packet = buildWrite(1, 0x0100, Uint8Array.of(0xff, 0xff, 0xfd, 0x01));
    // INST 03, address 00 01, then FF FF FD FD 01: LEN = 1 + 2 + 5 + 2 = 10.
    expect(packet[5]).toBe(10);
    expect(Array.from(packet.slice(10, 15))).toEqual([0xff, 0xff, 0xfd, 0xfd, 0x01]);
    const parsed = new InstructionPacketParser().push(packet);
    expect(Array.from(parsed[0]?.params ?? [])).toEqual([0x00, 0x01, 0xff, 0xff, 0xfd, 0x01]);
  });
});

describe('fast sync / fast bulk read replies', () => {
  it('encodes one packet for all ids and splits it back', () => {
    const blocks = [
      { id: 11, error: 0, data: Uint8Array.of(1, 2, 3, 4) },
      { id: 12, error: 0x80, data: Uint8Array.of(0xff, 0xff, 0xfd, 0) },
      { id: 13, error: 0, data: Uint8Array.of(9, 9, 9, 9) },
    ];
    const wire = encodeFastReadReply(blocks);
    expect(wire[4]).toBe(0xfe);
    expect((wire[5] ?? 0) | ((wire[6] ?? 0) << 8)).toBe(1 + 3 * (4 + 4));
    const [packet] = new StatusPacketParser().push(wire);
    expect(packet).toBeDefined();
    if (!packet) return;
    expect(decodeFastSyncRead(packet, 4)).toEqual(blocks);
  });

  it('splits a fast bulk reply with different lengths per id', () => {
    const blocks = [
      { id: 1, error: 0, data: Uint8Array.of(0x77, 0) },
      { id: 2, error: 0, data: Uint8Array.of(0x24) },
    ];
    const [packet] = new StatusPacketParser().push(encodeFastReadReply(blocks));
    if (!packet) throw new Error('no packet');
    expect(
      decodeFastBulkRead(packet, [
        { id: 1, length: 2 },
        { id: 2, length: 1 },
      ]),
    ).toEqual(blocks);
  });
});
