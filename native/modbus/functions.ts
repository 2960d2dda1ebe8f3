/**
 * Modbus PDUs for the eight public function codes the project uses: request encoding and response
 * decoding for the client, request decoding and response encoding for simulated slaves. Limits
 * are the Application Protocol V1.1b3 ones (§6.1–6.12).
 */
export const FunctionCode = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
  writeMultipleCoils: 0x0f,
  writeMultipleRegisters: 0x10,
} as const;

export type FunctionName = keyof typeof FunctionCode;
export type BitReadName = 'readCoils' | 'readDiscreteInputs';
export type RegisterReadName = 'readHoldingRegisters' | 'readInputRegisters';

export type ModbusRequest =
  | { fn: BitReadName | RegisterReadName; address: number; quantity: number }
  | { fn: 'writeSingleCoil'; address: number; value: boolean }
  | { fn: 'writeSingleRegister'; address: number; value: number }
  | { fn: 'writeMultipleCoils'; address: number; values: readonly boolean[] }
  | { fn: 'writeMultipleRegisters'; address: number; values: readonly number[] };

export type ModbusResponse =
  | { kind: 'bits'; values: boolean[] }
  | { kind: 'registers'; values: number[] }
  | { kind: 'written'; address: number; quantity: number };

/** Quantity limits so a request and its reply both fit in a 256-byte RTU frame. */
export const LIMITS = {
  readBits: 2000,
  readRegisters: 125,
  writeBits: 1968,
  writeRegisters: 123,
} as const;

const NAME_BY_CODE = new Map<number, FunctionName>(
  Object.entries(FunctionCode).map(([name, code]) => [code, name as FunctionName]),
);

export function functionName(code: number): FunctionName | undefined {
  return NAME_BY_CODE.get(code);
}

export function isBroadcastable(request: ModbusRequest): boolean {
  return request.fn.startsWith('write');
}

/** Why a request cannot be sent, or undefined when it is fine. */
export function validateRequest(request: ModbusRequest): string | undefined {
  const { address } = request;
  if (!isUint16(address)) return `address ${address} is not an integer 0–65535`;
  const count = requestQuantity(request);
  const max =
    request.fn === 'readCoils' || request.fn === 'readDiscreteInputs'
      ? LIMITS.readBits
      : request.fn === 'writeMultipleCoils'
        ? LIMITS.writeBits
        : request.fn === 'writeMultipleRegisters'
          ? LIMITS.writeRegisters
          : request.fn === 'readHoldingRegisters' || request.fn === 'readInputRegisters'
            ? LIMITS.readRegisters
            : 1;
  if (!Number.isInteger(count) || count < 1 || count > max) {
    return `${request.fn} takes 1–${max} items, not ${count}`;
  }
  if (address + count > 0x10000) return `address ${address} + ${count} items runs past 65535`;
  if (request.fn === 'writeSingleRegister' && !isUint16(request.value)) {
    return `register value ${request.value} is not an integer 0–65535`;
  }
  if (request.fn === 'writeMultipleRegisters') {
    const bad = request.values.find((v) => !isUint16(v));
    if (bad !== undefined) return `register value ${bad} is not an integer 0–65535`;
  }
  return undefined;
}

export function requestQuantity(request: ModbusRequest): number {
  switch (request.fn) {
    case 'writeSingleCoil':
    case 'writeSingleRegister':
      return 1;
    case 'writeMultipleCoils':
    case 'writeMultipleRegisters':
      return request.values.length;
    default:
      return request.quantity;
  }
}

/** Function code + data. Throws RangeError on a request no device could accept. */
export function encodeRequestPdu(request: ModbusRequest): Uint8Array {
  const problem = validateRequest(request);
  if (problem) throw new RangeError(`Modbus ${request.fn}: ${problem}.`);
  const code = FunctionCode[request.fn];
  switch (request.fn) {
    case 'writeSingleCoil':
      return bytes(code, u16(request.address), u16(request.value ? 0xff00 : 0x0000));
    case 'writeSingleRegister':
      return bytes(code, u16(request.address), u16(request.value));
    case 'writeMultipleCoils': {
      const packed = packBits(request.values);
      return bytes(code, u16(request.address), u16(request.values.length), [packed.length], packed);
    }
    case 'writeMultipleRegisters': {
      const data = request.values.flatMap(u16);
      return bytes(code, u16(request.address), u16(request.values.length), [data.length], data);
    }
    default:
      return bytes(code, u16(request.address), u16(request.quantity));
  }
}

/** Whole normal (non-exception) reply ADU length, CRC included. */
export function expectedResponseLength(request: ModbusRequest): number {
  switch (request.fn) {
    case 'readCoils':
    case 'readDiscreteInputs':
      return 5 + Math.ceil(request.quantity / 8);
    case 'readHoldingRegisters':
    case 'readInputRegisters':
      return 5 + 2 * request.quantity;
    default:
      return 8;
  }
}

/** Decodes a normal reply PDU; a reply that does not match the request is reported, not thrown. */
export function decodeResponsePdu(
  request: ModbusRequest,
  pdu: Uint8Array,
): ModbusResponse | { kind: 'mismatch'; detail: string } {
  const code = FunctionCode[request.fn];
  if (pdu[0] !== code) return { kind: 'mismatch', detail: `function code ${pdu[0]} ≠ ${code}` };
  switch (request.fn) {
    case 'readCoils':
    case 'readDiscreteInputs': {
      const count = Math.ceil(request.quantity / 8);
      if (pdu[1] !== count || pdu.length !== 2 + count) {
        return { kind: 'mismatch', detail: `byte count ${pdu[1]} ≠ ${count}` };
      }
      return { kind: 'bits', values: unpackBits(pdu.subarray(2), request.quantity) };
    }
    case 'readHoldingRegisters':
    case 'readInputRegisters': {
      if (pdu[1] !== 2 * request.quantity || pdu.length !== 2 + 2 * request.quantity) {
        return { kind: 'mismatch', detail: `byte count ${pdu[1]} ≠ ${2 * request.quantity}` };
      }
      return { kind: 'registers', values: readU16s(pdu, 2, request.quantity) };
    }
    default: {
      if (pdu.length !== 5) return { kind: 'mismatch', detail: `length ${pdu.length} ≠ 5` };
      const expected = encodeRequestPdu(request).subarray(0, 5);
      // Single writes echo address and value; multiple writes echo address and quantity.
      for (let i = 1; i < 5; i++) {
        if (pdu[i] !== expected[i])
          return { kind: 'mismatch', detail: 'echo differs from request' };
      }
      return { kind: 'written', address: request.address, quantity: requestQuantity(request) };
    }
  }
}

export type DecodedRequest =
  { ok: true; request: ModbusRequest } | { ok: false; functionCode: number; exception: number };

/** Slave side: exception 1 for unknown functions, 3 for malformed quantities or values. */
export function decodeRequestPdu(pdu: Uint8Array): DecodedRequest {
  const code = pdu[0] ?? 0;
  const fn = functionName(code);
  const illegal = (exception: number): DecodedRequest => ({
    ok: false,
    functionCode: code,
    exception,
  });
  if (!fn) return illegal(0x01);
  if (pdu.length < 5) return illegal(0x03);
  const address = readU16(pdu, 1);
  const second = readU16(pdu, 3);
  let request: ModbusRequest;
  switch (fn) {
    case 'writeSingleCoil':
      if (second !== 0xff00 && second !== 0x0000) return illegal(0x03);
      request = { fn, address, value: second === 0xff00 };
      break;
    case 'writeSingleRegister':
      request = { fn, address, value: second };
      break;
    case 'writeMultipleCoils': {
      const byteCount = pdu[5] ?? -1;
      if (byteCount !== Math.ceil(second / 8) || pdu.length !== 6 + byteCount) return illegal(0x03);
      request = { fn, address, values: unpackBits(pdu.subarray(6), second) };
      break;
    }
    case 'writeMultipleRegisters': {
      const byteCount = pdu[5] ?? -1;
      if (byteCount !== 2 * second || pdu.length !== 6 + byteCount) return illegal(0x03);
      request = { fn, address, values: readU16s(pdu, 6, second) };
      break;
    }
    default:
      request = { fn, address, quantity: second };
  }
  if (validateRequest(request)) return illegal(0x03);
  return { ok: true, request };
}

export interface SlaveData {
  bits?: readonly boolean[];
  registers?: readonly number[];
}

/** Slave side: the normal reply PDU for a request; reads take their values from `data`. */
export function encodeResponsePdu(request: ModbusRequest, data: SlaveData = {}): Uint8Array {
  const code = FunctionCode[request.fn];
  switch (request.fn) {
    case 'readCoils':
    case 'readDiscreteInputs': {
      const values = Array.from({ length: request.quantity }, (_, i) => data.bits?.[i] ?? false);
      const packed = packBits(values);
      return bytes(code, [packed.length], packed);
    }
    case 'readHoldingRegisters':
    case 'readInputRegisters': {
      const values = Array.from({ length: request.quantity }, (_, i) => data.registers?.[i] ?? 0);
      return bytes(code, [2 * values.length], values.flatMap(u16));
    }
    default:
      return encodeRequestPdu(request).subarray(0, 5);
  }
}

export function encodeExceptionPdu(functionCode: number, exception: number): Uint8Array {
  return Uint8Array.of((functionCode | 0x80) & 0xff, exception & 0xff);
}

/**
 * Length of the request ADU starting at `frame[0]`, from its function code: a number, 'more'
 * when the header is not in yet, or 'unknown' for a function whose length only silence can tell.
 */
export function requestAduLength(frame: Uint8Array): number | 'more' | 'unknown' {
  if (frame.length < 2) return 'more';
  const fn = functionName(frame[1] ?? 0);
  if (!fn) return 'unknown';
  if (fn === 'writeMultipleCoils' || fn === 'writeMultipleRegisters') {
    const byteCount = frame[6];
    return byteCount === undefined ? 'more' : 9 + byteCount;
  }
  return 8;
}

function isUint16(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function bytes(...parts: (number | ArrayLike<number>)[]): Uint8Array {
  const flat: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') flat.push(part);
    else for (let i = 0; i < part.length; i++) flat.push(part[i] ?? 0);
  }
  return Uint8Array.from(flat);
}

function readU16(data: Uint8Array, offset: number): number {
  return ((data[offset] ?? 0) << 8) | (data[offset + 1] ?? 0);
}

function readU16s(data: Uint8Array, offset: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => readU16(data, offset + 2 * i));
}

/** Coils go LSB-first within each byte, first coil in the first byte. */
function packBits(values: readonly boolean[]): number[] {
  const out = new Array<number>(Math.ceil(values.length / 8)).fill(0);
  values.forEach((on, i) => {
    if (on) out[i >> 3] = (out[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return out;
}

function unpackBits(data: Uint8Array, count: number): boolean[] {
  return Array.from({ length: count }, (_, i) => (((data[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
}
