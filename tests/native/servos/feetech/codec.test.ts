import { describe, expect, it } from 'vitest';
import { ChecksumReplyParser } from '../../../../native/servos/checksum-packet/reply-parser';
import {
  describeFeetechReply,
  describeFeetechRequest,
} from '../../../../native/servos/feetech/describe';
import {
  buildAction,
  buildPing,
  buildRead,
  buildRegWrite,
  buildReset,
  buildSyncRead,
  buildSyncWrite,
  buildWrite,
} from '../../../../native/servos/feetech/instructions';
import {
  feetechBaudRegister,
  FEETECH_BAUD_RATES,
} from '../../../../native/servos/feetech/protocol';
import { decodeFeetechStatus, FeetechStatusBit } from '../../../../native/servos/feetech/status';
import { ServoArgumentError } from '../../../../native/servos/transaction/errors';
import { hex, toHexString } from '../hex';

const le16 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, v >> 8);
/** Goal Position, Goal Time and Goal Speed as one 6-byte write at 0x2A (manual §1.3.3). */
const positionSpeed = (position: number, speed: number): Uint8Array =>
  Uint8Array.from([...le16(position), 0, 0, ...le16(speed)]);

describe('Feetech instructions against the "Communication Protocol User Manual" examples', () => {
  it.each([
    // §1.3.1 PING: query ID 1.
    ['ping id 1', buildPing(1), 'FF FF 01 02 01 FB'],
    // §1.3.2 READ DATA: 2 bytes of Present Position (0x38) from ID 1.
    ['read position', buildRead(1, 0x38, 2), 'FF FF 01 04 02 38 02 BE'],
    // §1.3.3 WRITE DATA example 1: set the ID to 1 by broadcast (address 0x05).
    ['write id by broadcast', buildWrite(0xfe, 0x05, Uint8Array.of(1)), 'FF FF FE 04 03 05 01 F4'],
    // §1.3.3 example 2: ID 1 to position 2048 at speed 1000 (address 0x2A).
    [
      'write position and speed',
      buildWrite(1, 0x2a, positionSpeed(2048, 1000)),
      'FF FF 01 09 03 2A 00 08 00 00 E8 03 D5',
    ],
    // §1.3.4 REG WRITE: the same, queued.
    [
      'reg write',
      buildRegWrite(1, 0x2a, positionSpeed(2048, 1000)),
      'FF FF 01 09 04 2A 00 08 00 00 E8 03 D4',
    ],
    // §1.3.5 ACTION by broadcast.
    ['action', buildAction(), 'FF FF FE 02 05 FA'],
    // §1.3.7 SYNC READ: 8 bytes from 0x38 for IDs 1 and 2.
    ['sync read', buildSyncRead(0x38, 8, [1, 2]), 'FF FF FE 06 82 38 08 01 02 36'],
    // §1.3.8 RESET of ID 1.
    ['reset', buildReset(1), 'FF FF 01 02 06 F6'],
  ])('%s', (_name, bytes, expected) => {
    expect(toHexString(bytes)).toBe(expected);
  });

  it('sync write: position 2048 and speed 1000 for IDs 1–4 (§1.3.6)', () => {
    const entries = [1, 2, 3, 4].map((id) => ({ id, data: positionSpeed(2048, 1000) }));
    expect(toHexString(buildSyncWrite(0x2a, 6, entries))).toBe(
      'FF FF FE 20 83 2A 06 01 00 08 00 00 E8 03 02 00 08 00 00 E8 03 03 00 08 00 00 E8 03 04 00 08 00 00 E8 03 58',
    );
  });
});

describe('Feetech status packets from the manual', () => {
  it('parses the §1.3.2 read reply (position 0x0518 = 1304) and §1.3.7 sync read replies', () => {
    const parser = new ChecksumReplyParser();
    const [read] = parser.push(hex('FF FF 01 04 00 18 05 DD'));
    expect(read).toMatchObject({ id: 1, error: 0 });
    expect(Array.from(read?.params ?? [])).toEqual([0x18, 0x05]);
    const sync = parser.push(
      hex('FF FF 01 0A 00 00 08 00 00 00 00 79 1E 55 FF FF 02 0A 00 FF 07 00 00 00 00 77 23 53'),
    );
    expect(sync.map((r) => r.id)).toEqual([1, 2]);
    // ID 1: position 2048, 12.1 V, 30 °C; ID 2: position 2047, 11.9 V, 35 °C.
    expect(Array.from(sync[0]?.params ?? [])).toEqual([0x00, 0x08, 0, 0, 0, 0, 0x79, 0x1e]);
    expect(sync[1]?.params[6]).toBe(0x77);
    expect(sync[1]?.params[7]).toBe(0x23);
  });

  it('summarises requests and replies for the packet console', () => {
    expect(describeFeetechRequest(buildSyncRead(56, 8, [1, 2, 3]))).toBe(
      'Sync Read @56 ×8 ids 1,2,3',
    );
    expect(describeFeetechRequest(buildWrite(1, 42, le16(2048)))).toBe('Write id 1 @42 [00 08]');
    expect(
      describeFeetechReply({
        id: 3,
        error: 0x24,
        params: new Uint8Array(2),
        bytes: new Uint8Array(),
      }),
    ).toBe('Status id 3 overheating overload 2 B');
  });
});

describe('status bits in plain words', () => {
  it('names every documented bit in English and Japanese, and unknown bits too', () => {
    const all = decodeFeetechStatus(0x2f);
    expect(all.map((m) => m.code)).toEqual([
      'input_voltage',
      'sensor',
      'overheating',
      'overcurrent',
      'overload',
    ]);
    for (const m of all) {
      expect(m.en.length).toBeGreaterThan(10);
      expect(m.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(m.advice.ja.length).toBeGreaterThan(5);
    }
    expect(decodeFeetechStatus(0)).toEqual([]);
    expect(decodeFeetechStatus(FeetechStatusBit.Overload | 0x40).map((m) => m.code)).toEqual([
      'overload',
      'unknown_status_0x40',
    ]);
  });
});

describe('arguments are checked before anything is sent', () => {
  it.each([
    ['id 254 for a read', () => buildRead(254, 56, 2), /id 254 is invalid/],
    ['id 255', () => buildPing(255), /id 255 is invalid/],
    ['a two-byte address', () => buildRead(1, 256, 1), /Address 256/],
    ['a read past the table', () => buildRead(1, 250, 10), /ending at or before/],
    ['an empty write', () => buildWrite(1, 40, new Uint8Array(0)), /at least 1 byte/],
    ['a repeated id', () => buildSyncRead(56, 2, [1, 1]), /only once/],
    ['no ids', () => buildSyncRead(56, 2, []), /at least one/],
    [
      'a short sync write entry',
      () => buildSyncWrite(42, 2, [{ id: 1, data: Uint8Array.of(1) }]),
      /expected 2/,
    ],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(ServoArgumentError);
    expect(call).toThrow(message);
  });
});

describe('baud rate register', () => {
  it('maps Feetech SDK values (0 = 1 Mbps … 7 = 38400) both ways', () => {
    expect(FEETECH_BAUD_RATES[0]).toBe(1_000_000);
    expect(FEETECH_BAUD_RATES[5]).toBe(76_800);
    expect(feetechBaudRegister(57_600)).toBe(6);
    expect(feetechBaudRegister(123)).toBeUndefined();
  });
});
