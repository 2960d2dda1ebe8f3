/** Typed failures of a Modbus transaction, each with a message a person can act on. */
import { describeModbusException, type ModbusExceptionMessage } from './exceptions';

export class ModbusTimeoutError extends Error {
  constructor(
    readonly unit: number,
    readonly summary: string,
    readonly attempts: number,
    readonly timeoutMs: number,
  ) {
    super(
      `No reply from Modbus unit ${unit} to "${summary}" after ${attempts} attempt(s) of ${timeoutMs.toFixed(1)} ms. ` +
        'Check the unit id, baud rate (8N1), wiring (A/B not swapped), termination and power.',
    );
    this.name = 'ModbusTimeoutError';
  }
}

export class ModbusCrcError extends Error {
  constructor(
    readonly unit: number,
    readonly summary: string,
    readonly attempts: number,
  ) {
    super(
      `Replies from Modbus unit ${unit} to "${summary}" arrived corrupted (CRC mismatch) on all ${attempts} attempt(s). ` +
        'Check cable shielding, RS-485 termination and that every device on the bus uses the same baud rate.',
    );
    this.name = 'ModbusCrcError';
  }
}

export class ModbusExceptionError extends Error {
  readonly exception: ModbusExceptionMessage;
  constructor(
    readonly unit: number,
    readonly functionCode: number,
    exceptionCode: number,
  ) {
    const exception = describeModbusException(exceptionCode);
    super(`Modbus unit ${unit} refused function ${functionCode}: ${exception.en}`);
    this.name = 'ModbusExceptionError';
    this.exception = exception;
  }
}

/** A reply with a valid CRC that does not answer the request (a second master, a confused device). */
export class ModbusResponseMismatchError extends Error {
  constructor(
    readonly unit: number,
    readonly summary: string,
    detail: string,
  ) {
    super(
      `Modbus unit ${unit} sent a reply to "${summary}" that does not match the request (${detail}). ` +
        'Check that no other master is active on this bus.',
    );
    this.name = 'ModbusResponseMismatchError';
  }
}
