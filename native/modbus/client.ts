/**
 * Modbus RTU master over a ByteTransport. One transaction at a time through the bus's
 * TransactionQueue (emergency work goes next), t3.5 of silence before every request, a reply
 * timeout computed from the wire times plus the device's turnaround, and bounded retries for lost
 * or corrupted replies — never for exception replies, which are the device's considered answer.
 */
import { TransportClosedError, wireTimeMs, type ByteTransport } from '../transport/byte-transport';
import { TransactionQueue, type TransactionPriority } from '../transport/transaction-queue';
import { describeReplyPdu, describeRequest, hex } from './describe';
import {
  ModbusCrcError,
  ModbusExceptionError,
  ModbusResponseMismatchError,
  ModbusTimeoutError,
} from './errors';
import { encodeAdu, ResponseParser, type ParseEvent } from './frame';
import {
  FunctionCode,
  decodeResponsePdu,
  encodeRequestPdu,
  expectedResponseLength,
  isBroadcastable,
  type ModbusRequest,
  type ModbusResponse,
} from './functions';
import { t35Ms } from './timing';

export interface ModbusClientOptions {
  /** Time the device takes to start answering; Robotiq and most drives answer well within 20 ms. */
  turnaroundMs?: number;
  /** USB-serial adapters add latency (FTDI's latency timer defaults to 16 ms). */
  hostLatencyMs?: number;
  /** Further attempts after a timeout or CRC error. */
  retries?: number;
  /** Share the bus's queue when other protocols or clients use the same port. */
  queue?: TransactionQueue;
}

export interface CallOptions {
  priority: TransactionPriority;
  /** Overrides the computed reply timeout for this call. */
  timeoutMs?: number;
  retries?: number;
}

export interface TrafficRecord {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  summary: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface ModbusCounters {
  tx: number;
  rx: number;
  timeouts: number;
  crcErrors: number;
  exceptions: number;
  retries: number;
  discardedBytes: number;
}

type Outcome =
  | { kind: 'response'; pdu: Uint8Array }
  | { kind: 'exception'; exception: number }
  | { kind: 'timeout'; crcFailures: number };

interface InFlight {
  unit: number;
  crcFailures: number;
  settle: (outcome: Outcome) => void;
  fail: (error: Error) => void;
}

export class ModbusRtuClient {
  readonly queue: TransactionQueue;
  private readonly parser = new ResponseParser();
  private readonly turnaroundMs: number;
  private readonly hostLatencyMs: number;
  private readonly retries: number;
  private readonly trafficListeners = new Set<(record: TrafficRecord) => void>();
  private readonly stats: ModbusCounters = {
    tx: 0,
    rx: 0,
    timeouts: 0,
    crcErrors: 0,
    exceptions: 0,
    retries: 0,
    discardedBytes: 0,
  };
  private inFlight: InFlight | undefined;
  private lastBusActivity = 0;
  private readonly unsubscribe: (() => void)[];

  constructor(
    readonly transport: ByteTransport,
    options: ModbusClientOptions = {},
  ) {
    this.turnaroundMs = options.turnaroundMs ?? 20;
    this.hostLatencyMs = options.hostLatencyMs ?? 16;
    this.retries = options.retries ?? 2;
    this.queue = options.queue ?? new TransactionQueue();
    this.unsubscribe = [
      transport.onData((chunk) => this.receive(chunk)),
      transport.onClose(() => this.closed()),
    ];
  }

  get counters(): Readonly<ModbusCounters> {
    return { ...this.stats };
  }

  onTraffic(listener: (record: TrafficRecord) => void): () => void {
    this.trafficListeners.add(listener);
    return () => this.trafficListeners.delete(listener);
  }

  async readCoils(unit: number, address: number, quantity: number, options: CallOptions) {
    return bits(await this.execute(unit, { fn: 'readCoils', address, quantity }, options));
  }

  async readDiscreteInputs(unit: number, address: number, quantity: number, options: CallOptions) {
    return bits(await this.execute(unit, { fn: 'readDiscreteInputs', address, quantity }, options));
  }

  readHoldingRegisters(unit: number, address: number, quantity: number, options: CallOptions) {
    return this.readRegisters('readHoldingRegisters', unit, address, quantity, options);
  }

  readInputRegisters(unit: number, address: number, quantity: number, options: CallOptions) {
    return this.readRegisters('readInputRegisters', unit, address, quantity, options);
  }

  async writeSingleCoil(unit: number, address: number, value: boolean, options: CallOptions) {
    await this.execute(unit, { fn: 'writeSingleCoil', address, value }, options);
  }

  async writeSingleRegister(unit: number, address: number, value: number, options: CallOptions) {
    await this.execute(unit, { fn: 'writeSingleRegister', address, value }, options);
  }

  async writeMultipleCoils(
    unit: number,
    address: number,
    values: readonly boolean[],
    options: CallOptions,
  ) {
    await this.execute(unit, { fn: 'writeMultipleCoils', address, values }, options);
  }

  async writeMultipleRegisters(
    unit: number,
    address: number,
    values: readonly number[],
    options: CallOptions,
  ) {
    await this.execute(unit, { fn: 'writeMultipleRegisters', address, values }, options);
  }

  private async readRegisters(
    fn: 'readHoldingRegisters' | 'readInputRegisters',
    unit: number,
    address: number,
    quantity: number,
    options: CallOptions,
  ) {
    return registers(await this.execute(unit, { fn, address, quantity }, options));
  }

  /**
   * Runs one request. Unit 0 broadcasts a write: no device answers, so it resolves with
   * undefined after the turnaround delay that lets the devices act on it.
   */
  execute(
    unit: number,
    request: ModbusRequest,
    options: CallOptions,
  ): Promise<ModbusResponse | undefined> {
    if (!Number.isInteger(unit) || unit < 0 || unit > 247) {
      return Promise.reject(new RangeError(`Modbus unit id ${unit} is not 0–247.`));
    }
    if (unit === 0 && !isBroadcastable(request)) {
      return Promise.reject(
        new RangeError(`Broadcast (unit 0) can only write; ${request.fn} needs a unit id.`),
      );
    }
    let adu: Uint8Array;
    try {
      adu = encodeAdu(unit, encodeRequestPdu(request));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.queue.run(options.priority, () => this.transact(unit, request, adu, options));
  }

  /** Reply timeout: request and reply wire times, device turnaround, host latency. */
  timeoutFor(request: ModbusRequest, requestLength: number): number {
    const baud = this.transport.baudRate;
    const wire = wireTimeMs(requestLength + expectedResponseLength(request), baud);
    return wire + t35Ms(baud) + this.turnaroundMs + this.hostLatencyMs;
  }

  /** Detaches from the transport; queued work is rejected. The transport stays open. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.queue.close();
    this.inFlight?.fail(new Error('The Modbus client was shut down.'));
  }

  private async transact(
    unit: number,
    request: ModbusRequest,
    adu: Uint8Array,
    options: CallOptions,
  ): Promise<ModbusResponse | undefined> {
    const summary = describeRequest(unit, request);
    if (unit === 0) {
      await this.waitForSilence();
      await this.send(adu, summary);
      await delay(this.turnaroundMs);
      return undefined;
    }
    const retries = options.retries ?? this.retries;
    const timeoutMs = options.timeoutMs ?? this.timeoutFor(request, adu.length);
    let crcFailedLast = false;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) this.stats.retries++;
      await this.waitForSilence();
      const outcome = await this.attempt(unit, request, adu, summary, timeoutMs);
      if (outcome.kind === 'exception') {
        this.stats.exceptions++;
        throw new ModbusExceptionError(unit, FunctionCode[request.fn], outcome.exception);
      }
      if (outcome.kind === 'response') {
        const decoded = decodeResponsePdu(request, outcome.pdu);
        if (decoded.kind === 'mismatch') {
          throw new ModbusResponseMismatchError(unit, summary, decoded.detail);
        }
        return decoded;
      }
      this.stats.timeouts++;
      crcFailedLast = outcome.crcFailures > 0;
    }
    throw crcFailedLast
      ? new ModbusCrcError(unit, summary, retries + 1)
      : new ModbusTimeoutError(unit, summary, retries + 1, timeoutMs);
  }

  private attempt(
    unit: number,
    request: ModbusRequest,
    adu: Uint8Array,
    summary: string,
    timeoutMs: number,
  ): Promise<Outcome> {
    const functionCode = FunctionCode[request.fn];
    const readBytes = expectedResponseLength(request) - 5;
    const isRead = request.fn.startsWith('read');
    // Anything still buffered belongs to an earlier, abandoned transaction.
    this.handle(
      this.parser.expect({
        unit,
        functionCode,
        length: expectedResponseLength(request),
        ...(isRead ? { byteCount: readBytes } : {}),
      }),
    );
    return new Promise<Outcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        this.inFlight = undefined;
        this.handle(this.parser.expect(undefined));
      };
      const flight: InFlight = {
        unit,
        crcFailures: 0,
        settle: (outcome) => {
          finish();
          resolve(outcome);
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      this.inFlight = flight;
      this.send(adu, summary).then(
        () => {
          if (this.inFlight !== flight) return;
          timer = setTimeout(
            () => flight.settle({ kind: 'timeout', crcFailures: flight.crcFailures }),
            timeoutMs,
          );
        },
        (error: unknown) => flight.fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  private async send(adu: Uint8Array, summary: string): Promise<void> {
    const startedAt = performance.now();
    this.emit({ direction: 'tx', bytes: adu, summary, at: Date.now() });
    this.stats.tx++;
    await this.transport.write(adu);
    // Drained to the OS is not on the wire yet: the line is busy until the last bit has left.
    this.lastBusActivity = Math.max(
      performance.now(),
      startedAt + wireTimeMs(adu.length, this.transport.baudRate),
    );
  }

  private async waitForSilence(): Promise<void> {
    // Node truncates timer delays to whole milliseconds and may fire early: re-check the clock.
    for (;;) {
      const wait = this.lastBusActivity + t35Ms(this.transport.baudRate) - performance.now();
      if (wait <= 0) return;
      await delay(Math.ceil(wait));
    }
  }

  private receive(chunk: Buffer): void {
    this.lastBusActivity = performance.now();
    this.handle(this.parser.push(chunk));
  }

  private handle(events: ParseEvent[]): void {
    for (const event of events) {
      const at = Date.now();
      if (event.kind === 'discarded') {
        this.stats.discardedBytes += event.bytes.length;
        this.stats.crcErrors += event.crcFailures;
        if (this.inFlight) this.inFlight.crcFailures += event.crcFailures;
        if (event.bytes.length > 0) {
          const why = { noise: 'noise', crc: 'CRC error', unexpected: 'unexpected/stale' }[
            event.reason
          ];
          this.emit({
            direction: 'rx',
            bytes: event.bytes,
            summary: `discarded ${event.bytes.length} bytes (${why}): ${hex(event.bytes)}`,
            at,
          });
        }
        continue;
      }
      this.stats.rx++;
      const unit = event.adu[0] ?? 0;
      this.emit({
        direction: 'rx',
        bytes: event.adu,
        summary: describeReplyPdu(unit, event.adu.subarray(1, -2)),
        at,
      });
      this.inFlight?.settle(
        event.kind === 'response'
          ? { kind: 'response', pdu: event.pdu }
          : { kind: 'exception', exception: event.exception },
      );
    }
  }

  private closed(): void {
    this.queue.close();
    this.inFlight?.fail(new TransportClosedError(this.transport.path));
  }

  private emit(record: TrafficRecord): void {
    for (const listener of this.trafficListeners) listener(record);
  }
}

function bits(reply: ModbusResponse | undefined): boolean[] {
  if (reply?.kind !== 'bits') throw new Error('Modbus reply carried no bits.');
  return reply.values;
}

function registers(reply: ModbusResponse | undefined): number[] {
  if (reply?.kind !== 'registers') throw new Error('Modbus reply carried no registers.');
  return reply.values;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
