import { describe, expect, it } from 'vitest';
import { ChecksumReplyParser } from '../../../../native/servos/checksum-packet/reply-parser';
import {
  describeDynamixel1Reply,
  describeDynamixel1Request,
} from '../../../../native/servos/dynamixel1/describe';
import {
  buildAction,
  buildBulkRead,
  buildFactoryReset,
  buildPing,
  buildRead,
  buildRegWrite,
  buildSyncWrite,
  buildWrite,
} from '../../../../native/servos/dynamixel1/instructions';
import { dynamixel1BaudRate } from '../../../../native/servos/dynamixel1/protocol';
import {
  COMMAND_ERROR_MASK,
  decodeDynamixel1Error,
  Dynamixel1ErrorBit,
  HARDWARE_ERROR_MASK,
} from '../../../../native/servos/dynamixel1/status';
import { ServoArgumentError } from '../../../../native/servos/transaction/errors';
import { hex, toHexString } from '../hex';

const le16 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, v >> 8);

describe('Protocol 1.0 instructions against the e-Manual ("Protocol 1.0", Instruction Details)', () => {
  it.each([
    // Ping example: ID 1.
    ['ping', buildPing(1), 'FF FF 01 02 01 FB'],
    // Read example: Present Temperature (43, 0x2B), 1 byte, from ID 1.
    ['read temperature', buildRead(1, 0x2b, 1), 'FF FF 01 04 02 2B 01 CC'],
    // Write example: set the ID of an unknown servo to 1 by broadcast.
    ['write id by broadcast', buildWrite(0xfe, 3, Uint8Array.of(1)), 'FF FF FE 04 03 03 01 F6'],
    // Reg Write example: 500 (0x1F4) to Goal Position (30) of ID 1.
    ['reg write goal', buildRegWrite(1, 0x1e, le16(500)), 'FF FF 01 05 04 1E F4 01 E2'],
    // Action example: broadcast.
    ['action', buildAction(), 'FF FF FE 02 05 FA'],
    // Factory Reset example: ID 0.
    ['factory reset', buildFactoryReset(0), 'FF FF 00 02 06 F7'],
    // Bulk Read example: ID 1 Goal Position (30, 2 bytes), ID 2 Present Position (36, 2 bytes).
    [
      'bulk read',
      buildBulkRead([
        { id: 1, address: 0x1e, length: 2 },
        { id: 2, address: 0x24, length: 2 },
      ]),
      'FF FF FE 09 92 00 02 01 1E 02 02 24 1D',
    ],
  ])('%s', (_name, bytes, expected) => {
    expect(toHexString(bytes)).toBe(expected);
  });

  it('sync write example: ID 0 and ID 1, Goal Position and Moving Speed (30, 4 bytes)', () => {
    const bytes = buildSyncWrite(0x1e, 4, [
      { id: 0, data: Uint8Array.from([...le16(0x010), ...le16(0x150)]) },
      { id: 1, data: Uint8Array.from([...le16(0x220), ...le16(0x360)]) },
    ]);
    expect(toHexString(bytes)).toBe('FF FF FE 0E 83 1E 04 00 10 00 50 01 01 20 02 60 03 67');
  });
});

describe('Protocol 1.0 status packets from the e-Manual', () => {
  it('parses the ping, read and bulk read replies', () => {
    const parser = new ChecksumReplyParser();
    const replies = parser.push(
      hex('FF FF 01 02 00 FC FF FF 01 03 00 20 DB FF FF 01 04 00 00 80 7A FF FF 02 04 00 00 80 79'),
    );
    expect(replies.map((r) => [r.id, r.error, Array.from(r.params)])).toEqual([
      [1, 0, []],
      [1, 0, [0x20]], // 32 °C
      [1, 0, [0x00, 0x80]],
      [2, 0, [0x00, 0x80]],
    ]);
  });

  it('decodes the e-Manual error example 0x24 as overload and overheating', () => {
    const [reply] = new ChecksumReplyParser().push(hex('FF FF 01 02 24 D8'));
    expect(reply?.error).toBe(0x24);
    expect(decodeDynamixel1Error(reply?.error ?? 0).map((m) => m.code)).toEqual([
      'overheating',
      'overload',
    ]);
    expect(describeDynamixel1Reply(reply!)).toBe('Status id 1 overheating overload 0 B');
  });
});

describe('error bits in plain words', () => {
  it('names all seven bits in both languages and splits command from hardware errors', () => {
    const all = decodeDynamixel1Error(0x7f);
    expect(all.map((m) => m.code)).toEqual([
      'input_voltage',
      'angle_limit',
      'overheating',
      'range',
      'checksum',
      'overload',
      'instruction',
    ]);
    for (const m of all) expect(m.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(COMMAND_ERROR_MASK | HARDWARE_ERROR_MASK).toBe(0x7f);
    expect(COMMAND_ERROR_MASK & Dynamixel1ErrorBit.Overload).toBe(0);
  });

  it('summarises requests for the packet console', () => {
    expect(describeDynamixel1Request(buildBulkRead([{ id: 4, address: 36, length: 8 }]))).toBe(
      'Bulk Read ids 4',
    );
    expect(describeDynamixel1Request(buildRead(3, 36, 2))).toBe('Read id 3 @36 ×2');
  });
});

describe('arguments are checked before anything is sent', () => {
  it.each([
    [
      'a broadcast ping (every servo would answer at once)',
      () => buildPing(0xfe),
      /id 254 is invalid/,
    ],
    ['a broadcast read', () => buildRead(0xfe, 36, 2), /id 254/],
    ['an address above 255', () => buildWrite(1, 300, Uint8Array.of(1)), /Address 300/],
    [
      'a repeated id in a bulk read',
      () =>
        buildBulkRead([
          { id: 1, address: 36, length: 2 },
          { id: 1, address: 30, length: 2 },
        ]),
      /only once/,
    ],
    [
      'a wrong-length sync write entry',
      () => buildSyncWrite(30, 2, [{ id: 1, data: Uint8Array.of(1, 2, 3) }]),
      /expected 2/,
    ],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(ServoArgumentError);
    expect(call).toThrow(message);
  });
});

describe('baud rate register', () => {
  it('is 2 Mbps / (value + 1), with MX’s 250–252 for the fast rates', () => {
    expect(dynamixel1BaudRate(1)).toBe(1_000_000);
    expect(dynamixel1BaudRate(34)).toBe(57_143);
    expect(dynamixel1BaudRate(207)).toBe(9_615);
    expect(dynamixel1BaudRate(252)).toBe(3_000_000);
  });
});
