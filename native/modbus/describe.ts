/** One-line human summaries of frames for the raw traffic console. */
import { functionName, type ModbusRequest } from './functions';

export function describeRequest(unit: number, request: ModbusRequest): string {
  const target = unit === 0 ? 'broadcast' : `unit ${unit}`;
  switch (request.fn) {
    case 'writeSingleCoil':
      return `${target} writeSingleCoil @${request.address} = ${request.value ? 'ON' : 'OFF'}`;
    case 'writeSingleRegister':
      return `${target} writeSingleRegister @${request.address} = ${hex16(request.value)}`;
    case 'writeMultipleCoils':
      return `${target} writeMultipleCoils @${request.address} ×${request.values.length}`;
    case 'writeMultipleRegisters':
      return `${target} writeMultipleRegisters @${request.address} [${request.values.map(hex16).join(' ')}]`;
    default:
      return `${target} ${request.fn} @${request.address} ×${request.quantity}`;
  }
}

export function describeReplyPdu(unit: number, pdu: Uint8Array): string {
  const code = pdu[0] ?? 0;
  if (code & 0x80) {
    const name = functionName(code & 0x7f) ?? `function ${code & 0x7f}`;
    return `unit ${unit} exception ${pdu[1] ?? '?'} to ${name}`;
  }
  const name = functionName(code) ?? `function ${code}`;
  return `unit ${unit} ${name} reply (${pdu.length - 1} data bytes)`;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0').toUpperCase()}`;
}
