import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { FRAME_OVERHEAD } from '../checksum-packet/packet';
import { ChecksumReplyParser } from '../checksum-packet/reply-parser';
import {
  PacketTransactor,
  type BusCounters,
  type CallOptions,
  type Reply,
  type TrafficEvent,
} from '../transaction/packet-transactor';
import { describeFeetechReply, describeFeetechRequest } from './describe';
import * as build from './instructions';
import type { FeetechWriteEntry } from './instructions';
import { identifyFeetech, IDENTITY_ADDRESS, IDENTITY_LENGTH, type FeetechIdentity } from './models';
import { BROADCAST_ID, MAX_SERVO_ID, ResponseLevel } from './protocol';

export interface FeetechBusOptions {
  /** Extra attempts after a timeout or damaged reply. Default 2. */
  retries?: number;
  /** Return Delay Time in µs: register 7 ships at 250 (× 2 µs) on STS3215 (LeRobot sets it to 0). */
  returnDelayUs?: number;
  /** Slack for USB-serial adapters (FTDI latency timer) and a busy event loop. Default 20 ms. */
  latencyMarginMs?: number;
  /** Response Status Level (8) the servos are set to; at 0 writes get no reply. Default 1. */
  responseLevel?: number;
}

export interface FeetechReadResult {
  id: number;
  data: Uint8Array;
  /** The status byte (Status register 65): 0 when healthy, see FeetechStatusBit. */
  status: number;
}

export interface FeetechAck {
  id: number;
  status: number;
}

export interface FeetechIdentified extends FeetechIdentity {
  id: number;
  status: number;
}

/**
 * A Feetech STS/SCS bus on one serial line. Feetech replies carry no command errors, so every
 * call resolves with the servo's status byte; a missing reply is retried, then a timeout.
 */
export class FeetechBus {
  private readonly transactor: PacketTransactor;
  private readonly options: Required<FeetechBusOptions>;

  constructor(
    readonly transport: ByteTransport,
    options: FeetechBusOptions = {},
  ) {
    this.options = {
      retries: options.retries ?? 2,
      returnDelayUs: options.returnDelayUs ?? 500,
      latencyMarginMs: options.latencyMarginMs ?? 20,
      responseLevel: options.responseLevel ?? ResponseLevel.All,
    };
    const parser = new ChecksumReplyParser({
      onDiscard: (bytes, reason) =>
        this.transactor.noteDiscard(
          bytes,
          reason === 'checksum'
            ? 'damaged packet (checksum mismatch)'
            : `${bytes.length} byte(s) of noise`,
        ),
    });
    this.transactor = new PacketTransactor(transport, parser, {
      family: 'Feetech',
      retries: this.options.retries,
      returnDelayUs: this.options.returnDelayUs,
      latencyMarginMs: this.options.latencyMarginMs,
      replyOverhead: FRAME_OVERHEAD,
      commandError: () => undefined,
      describeTx: describeFeetechRequest,
      describeRx: describeFeetechReply,
    });
  }

  get counters(): BusCounters {
    return this.transactor.counters;
  }

  onTraffic(listener: (event: TrafficEvent) => void): () => void {
    return this.transactor.onTraffic(listener);
  }

  dropPolls(): number {
    return this.transactor.dropPolls();
  }

  close(): void {
    this.transactor.close();
  }

  async ping(id: number, options: CallOptions = {}): Promise<FeetechAck> {
    const [reply] = await this.transactor.run(options, {
      name: 'Ping',
      build: () => build.buildPing(id),
      ids: [id],
      lengthOf: () => 0,
    });
    return ack(reply, id);
  }

  /** STS/SMS servos answer a broadcast Ping in id order; SCS servos stay silent. */
  async broadcastPing(options: CallOptions & { windowMs?: number } = {}): Promise<FeetechAck[]> {
    const perReply =
      wireTimeMs(FRAME_OVERHEAD, this.transport.baudRate) + this.options.returnDelayUs / 1000;
    const replies = await this.transactor.run(options, {
      name: 'Ping',
      build: () => build.buildPing(BROADCAST_ID),
      ids: [],
      lengthOf: () => 0,
      windowMs: options.windowMs ?? (MAX_SERVO_ID + 1) * perReply + this.options.latencyMarginMs,
    });
    const byId = new Map<number, FeetechAck>();
    for (const reply of replies)
      if (reply.params.length === 0 && reply.id <= MAX_SERVO_ID)
        byId.set(reply.id, ack(reply, reply.id));
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Ping, then read firmware and model number (a Feetech Ping reply carries neither). */
  async identify(id: number, options: CallOptions = {}): Promise<FeetechIdentified> {
    await this.ping(id, options);
    const { data, status } = await this.read(id, IDENTITY_ADDRESS, IDENTITY_LENGTH, options);
    return { id, status, ...identifyFeetech(data) };
  }

  async read(
    id: number,
    address: number,
    length: number,
    options: CallOptions = {},
  ): Promise<FeetechReadResult> {
    const [reply] = await this.transactor.run(options, {
      name: 'Read',
      build: () => build.buildRead(id, address, length),
      ids: [id],
      lengthOf: () => length,
    });
    return readResult(reply, id);
  }

  write(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<FeetechAck | undefined> {
    return this.acknowledged(options, 'Write', id, () => build.buildWrite(id, address, data));
  }

  regWrite(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<FeetechAck | undefined> {
    return this.acknowledged(options, 'Reg Write', id, () =>
      build.buildRegWrite(id, address, data),
    );
  }

  action(id: number = BROADCAST_ID, options: CallOptions = {}): Promise<FeetechAck | undefined> {
    return this.acknowledged(options, 'Action', id, () => build.buildAction(id));
  }

  /** Factory values back, id and baud included (Feetech manual §1.3.8). */
  reset(id: number, options: CallOptions = {}): Promise<FeetechAck | undefined> {
    return this.acknowledged(options, 'Reset', id, () => build.buildReset(id));
  }

  /** STS/SMS only: each servo answers in the order asked. */
  async syncRead(
    address: number,
    length: number,
    ids: readonly number[],
    options: CallOptions = {},
  ): Promise<FeetechReadResult[]> {
    const replies = await this.transactor.run(options, {
      name: 'Sync Read',
      build: (missing) => build.buildSyncRead(address, length, missing),
      ids,
      lengthOf: () => length,
    });
    return replies.map((reply) => readResult(reply, reply.id));
  }

  /** Broadcast: nobody answers, so success means "sent". */
  async syncWrite(
    address: number,
    length: number,
    entries: readonly FeetechWriteEntry[],
    options: CallOptions = {},
  ): Promise<void> {
    await this.transactor.run(options, {
      name: 'Sync Write',
      build: () => build.buildSyncWrite(address, length, entries),
      ids: [],
      lengthOf: () => 0,
    });
  }

  /** Sends bytes as typed in the packet console and returns whatever replies come back. */
  sendRaw(bytes: Uint8Array, options: CallOptions & { windowMs?: number } = {}): Promise<Reply[]> {
    return this.transactor.run(options, {
      name: 'Raw',
      build: () => bytes,
      ids: [],
      lengthOf: () => undefined,
      windowMs: options.windowMs ?? 50 + this.options.latencyMarginMs,
    });
  }

  private async acknowledged(
    options: CallOptions,
    name: string,
    id: number,
    make: () => Uint8Array,
  ): Promise<FeetechAck | undefined> {
    const replies = id !== BROADCAST_ID && this.options.responseLevel >= ResponseLevel.All;
    const [reply] = await this.transactor.run(options, {
      name,
      build: make,
      ids: replies ? [id] : [],
      lengthOf: () => 0,
    });
    return reply ? ack(reply, id) : undefined;
  }
}

function ack(reply: Reply | undefined, id: number): FeetechAck {
  return { id: reply?.id ?? id, status: reply?.error ?? 0 };
}

function readResult(reply: Reply | undefined, id: number): FeetechReadResult {
  return {
    id: reply?.id ?? id,
    data: reply?.params ?? new Uint8Array(0),
    status: reply?.error ?? 0,
  };
}
