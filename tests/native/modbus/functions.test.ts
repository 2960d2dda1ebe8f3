import { describe, expect, it } from 'vitest';
import { describeModbusException } from '../../../native/modbus/exceptions';
import { encodeAdu } from '../../../native/modbus/frame';
import {
  decodeRequestPdu,
  decodeResponsePdu,
  encodeExceptionPdu,
  encodeRequestPdu,
  encodeResponsePdu,
  expectedResponseLength,
  requestAduLength,
  type ModbusRequest,
  type SlaveData,
} from '../../../native/modbus/functions';
import { hexBytes, toHex } from './helpers';

const CASES: { request: ModbusRequest; data?: SlaveData; wire: string }[] = [
  {
    request: { fn: 'readCoils', address: 19, quantity: 19 },
    data: { bits: [true, false, true, true] },
    wire: '01 00 13 00 13',
  },
  {
    request: { fn: 'readDiscreteInputs', address: 196, quantity: 22 },
    data: { bits: Array(22).fill(true) as boolean[] },
    wire: '02 00 C4 00 16',
  },
  {
    request: { fn: 'readHoldingRegisters', address: 107, quantity: 3 },
    data: { registers: [0x022b, 0, 0x64] },
    wire: '03 00 6B 00 03',
  },
  {
    request: { fn: 'readInputRegisters', address: 0x07d0, quantity: 3 },
    data: { registers: [0xb900, 0x00ff, 0xbd00] },
    wire: '04 07 D0 00 03',
  },
  { request: { fn: 'writeSingleCoil', address: 172, value: true }, wire: '05 00 AC FF 00' },
  { request: { fn: 'writeSingleRegister', address: 1, value: 3 }, wire: '06 00 01 00 03' },
  {
    request: {
      fn: 'writeMultipleCoils',
      address: 19,
      values: [true, false, true, true, false, false, true, true, true, false],
    },
    wire: '0F 00 13 00 0A 02 CD 01',
  },
  {
    request: { fn: 'writeMultipleRegisters', address: 1, values: [0x000a, 0x0102] },
    wire: '10 00 01 00 02 04 00 0A 01 02',
  },
];

describe('Modbus function codec', () => {
  it.each(CASES)(
    '$request.fn encodes as the Application Protocol examples and round-trips',
    ({ request, data, wire }) => {
      const pdu = encodeRequestPdu(request);
      expect(toHex(pdu)).toBe(wire);
      // Slave side: the request decodes to what was sent.
      const decoded = decodeRequestPdu(pdu);
      expect(decoded).toEqual({ ok: true, request });
      // Reply: the slave encodes it, the client decodes it back.
      const reply = encodeResponsePdu(request, data);
      expect(reply.length + 3).toBe(expectedResponseLength(request));
      expect(requestAduLength(encodeAdu(1, pdu))).toBe(pdu.length + 3);
      const result = decodeResponsePdu(request, reply);
      if (request.fn === 'readCoils' || request.fn === 'readDiscreteInputs') {
        const want = Array.from({ length: request.quantity }, (_, i) => data?.bits?.[i] ?? false);
        expect(result).toEqual({ kind: 'bits', values: want });
      } else if (request.fn === 'readHoldingRegisters' || request.fn === 'readInputRegisters') {
        expect(result).toEqual({ kind: 'registers', values: data?.registers });
      } else {
        expect(result.kind).toBe('written');
      }
    },
  );

  it('encodes the manual’s Robotiq close request byte for byte', () => {
    const pdu = encodeRequestPdu({
      fn: 'writeMultipleRegisters',
      address: 0x03e8,
      values: [0x0900, 0x00ff, 0xffff],
    });
    expect(toHex(encodeAdu(9, pdu))).toBe('09 10 03 E8 00 03 06 09 00 00 FF FF FF 42 29');
  });

  it('reports a reply that does not answer the request instead of throwing', () => {
    const request: ModbusRequest = { fn: 'readHoldingRegisters', address: 0, quantity: 2 };
    expect(decodeResponsePdu(request, hexBytes('03 02 00 01')).kind).toBe('mismatch');
    expect(decodeResponsePdu(request, hexBytes('04 04 00 01 00 02')).kind).toBe('mismatch');
    const write: ModbusRequest = { fn: 'writeSingleRegister', address: 1, value: 3 };
    expect(decodeResponsePdu(write, hexBytes('06 00 01 00 04')).kind).toBe('mismatch');
  });

  it('refuses requests no device could accept, with the reason', () => {
    expect(() =>
      encodeRequestPdu({ fn: 'readHoldingRegisters', address: 0, quantity: 126 }),
    ).toThrow(/1–125/);
    expect(() => encodeRequestPdu({ fn: 'readCoils', address: 0, quantity: 0 })).toThrow(
      RangeError,
    );
    expect(() => encodeRequestPdu({ fn: 'writeSingleRegister', address: 0, value: 70000 })).toThrow(
      /0–65535/,
    );
    expect(() =>
      encodeRequestPdu({ fn: 'readInputRegisters', address: 65535, quantity: 2 }),
    ).toThrow(/past 65535/);
    expect(() =>
      encodeRequestPdu({ fn: 'writeMultipleRegisters', address: 0, values: [] }),
    ).toThrow(RangeError);
  });

  it('decodes bad requests on the slave side into exception 1 or 3', () => {
    expect(decodeRequestPdu(hexBytes('2B 0E 01 00'))).toEqual({
      ok: false,
      functionCode: 0x2b,
      exception: 1,
    });
    expect(decodeRequestPdu(hexBytes('03 00 00 00 00'))).toMatchObject({ ok: false, exception: 3 });
    expect(decodeRequestPdu(hexBytes('05 00 01 12 34'))).toMatchObject({ ok: false, exception: 3 });
    expect(decodeRequestPdu(hexBytes('10 00 01 00 02 03 00 0A 01'))).toMatchObject({
      ok: false,
      exception: 3,
    });
    expect(decodeRequestPdu(hexBytes('04 07'))).toMatchObject({ ok: false, exception: 3 });
  });

  it('encodes exception replies as function | 0x80 and the code', () => {
    expect(toHex(encodeAdu(9, encodeExceptionPdu(0x04, 0x02)))).toMatch(/^09 84 02/);
  });

  it('gives every standard exception an English and a Japanese message', () => {
    for (const code of [1, 2, 3, 4, 5, 6, 8, 10, 11]) {
      const message = describeModbusException(code);
      expect(message.code).toBe(code);
      expect(message.en.length).toBeGreaterThan(20);
      expect(message.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(describeModbusException(0x42).en).toMatch(/0x42/);
  });

  it('knows request lengths from the header, or says when only silence can tell', () => {
    expect(requestAduLength(hexBytes('09'))).toBe('more');
    expect(requestAduLength(hexBytes('09 10 03 E8 00 03'))).toBe('more');
    expect(requestAduLength(hexBytes('09 10 03 E8 00 03 06'))).toBe(15);
    expect(requestAduLength(hexBytes('09 2B'))).toBe('unknown');
  });
});
