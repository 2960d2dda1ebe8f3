/**
 * A Modbus RTU slave endpoint on a ByteTransport, for simulators: frames requests (by length for
 * known functions, by t3.5 silence otherwise), stays silent for other units and CRC-broken
 * frames, executes broadcasts without replying, and answers with the handler's data or exception.
 */
import type { ByteTransport } from '../transport/byte-transport';
import { hasValidCrc } from './crc';
import { encodeAdu } from './frame';
import {
  decodeRequestPdu,
  encodeExceptionPdu,
  encodeResponsePdu,
  requestAduLength,
  type ModbusRequest,
  type SlaveData,
} from './functions';
import { SilenceFramer } from './silence-framer';

export type SlaveReply = { kind: 'ok'; data?: SlaveData } | { kind: 'exception'; code: number };

export interface ModbusSlaveOptions {
  unit: number;
  handle: (request: ModbusRequest) => SlaveReply;
  /** Time the device takes to answer. */
  turnaroundMs?: number;
  /** Last chance to change or drop (return undefined) a reply on its way out: fault injection. */
  outgoing?: (adu: Uint8Array) => Uint8Array | undefined;
}

export class ModbusRtuSlave {
  private readonly framer: SilenceFramer;
  private readonly off: () => void;
  private pending: Buffer = Buffer.alloc(0);
  /** Frames answered, frames ignored (other units, broken CRC). */
  readonly stats = { answered: 0, ignored: 0, broadcasts: 0 };
  /** A device that has stopped listening (cut cable, crashed firmware) hears nothing. */
  deaf = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: ModbusSlaveOptions,
  ) {
    this.framer = new SilenceFramer(transport.baudRate, (frame) => this.frameBySilence(frame));
    this.off = transport.onData((chunk) => this.receive(chunk));
  }

  dispose(): void {
    this.off();
    this.framer.clear();
  }

  private receive(chunk: Buffer): void {
    if (this.deaf) return;
    this.pending = Buffer.concat([this.pending, chunk]);
    this.framer.push(chunk);
    // Answer as soon as a whole, valid, known-length frame is in; silence handles the rest.
    const length = requestAduLength(this.pending);
    if (typeof length === 'number' && this.pending.length === length && hasValidCrc(this.pending)) {
      const frame = Uint8Array.from(this.pending);
      this.pending = Buffer.alloc(0);
      this.framer.clear();
      this.dispatch(frame);
    }
  }

  private frameBySilence(frame: Uint8Array): void {
    this.pending = Buffer.alloc(0);
    if (!hasValidCrc(frame)) {
      this.stats.ignored++;
      return;
    }
    this.dispatch(frame);
  }

  private dispatch(frame: Uint8Array): void {
    const unit = frame[0];
    if (unit !== this.options.unit && unit !== 0) {
      this.stats.ignored++;
      return;
    }
    const decoded = decodeRequestPdu(frame.subarray(1, frame.length - 2));
    let pdu: Uint8Array;
    if (!decoded.ok) {
      pdu = encodeExceptionPdu(decoded.functionCode, decoded.exception);
    } else {
      const reply = this.options.handle(decoded.request);
      pdu =
        reply.kind === 'ok'
          ? encodeResponsePdu(decoded.request, reply.data)
          : encodeExceptionPdu(frame[1] ?? 0, reply.code);
    }
    if (unit === 0) {
      this.stats.broadcasts++;
      return;
    }
    const adu = encodeAdu(this.options.unit, pdu);
    const out = this.options.outgoing ? this.options.outgoing(adu) : adu;
    if (!out) return;
    this.stats.answered++;
    setTimeout(() => {
      if (this.transport.isOpen) void this.transport.write(out).catch(() => undefined);
    }, this.options.turnaroundMs ?? 1);
  }
}
