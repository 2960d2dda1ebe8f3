import type { ByteTransport } from '../../transport/byte-transport';
import {
  PacketTransactor,
  type BusCounters,
  type CallOptions,
  type Exchange,
  type Reply,
} from '../transaction/packet-transactor';
import { CHECKSUM_REPLY_CHECK } from '../transaction/errors';
import { TransactorBus } from '../transaction/transactor-bus';
import { BROADCAST_ID_BYTE, FRAME_OVERHEAD } from './packet';
import { ChecksumReplyParser } from './reply-parser';
import type { GroupWriteEntry } from './request-checks';

/** The instruction builders a checksum-packet family's bus needs (its instructions module). */
export interface ChecksumInstructions {
  buildPing: (id: number) => Uint8Array;
  buildRead: (id: number, address: number, length: number) => Uint8Array;
  buildWrite: (id: number, address: number, data: Uint8Array) => Uint8Array;
  buildRegWrite: (id: number, address: number, data: Uint8Array) => Uint8Array;
  buildAction: (id?: number) => Uint8Array;
  buildSyncWrite: (
    address: number,
    length: number,
    entries: readonly GroupWriteEntry[],
  ) => Uint8Array;
}

export interface PacketBusConfig<Ack, Read> {
  /** Family name for messages ("Feetech", "Dynamixel 1.0"). */
  family: string;
  retries: number;
  returnDelayUs: number;
  latencyMarginMs: number;
  /** The servos are set to answer writes (Feetech level 1, Dynamixel 1.0 level 2). */
  answersWrites: boolean;
  commandError: (exchange: Exchange, reply: Reply) => Error | undefined;
  describeTx: (bytes: Uint8Array) => string;
  describeRx: (reply: Reply) => string;
  build: ChecksumInstructions;
  /** What a call answers for the servo `id` (the reply may be missing: a broadcast, a silent level). */
  ackOf: (reply: Reply | undefined, id: number) => Ack;
  readOf: (reply: Reply | undefined, id: number) => Read;
}

/**
 * What a checksum-packet family's bus shares: the reply parser and transaction engine wired to
 * the transport, counters and traffic for the packet console, the raw console, and the
 * instructions both families have (Ping, Read, Write, Reg Write, Action, Sync Write); a write-like
 * instruction is answered only when unicast and when the servos are set to answer writes.
 */
export class PacketBus<Ack, Read> extends TransactorBus {
  protected readonly transactor: PacketTransactor;

  constructor(
    readonly transport: ByteTransport,
    protected readonly config: PacketBusConfig<Ack, Read>,
  ) {
    super();
    const parser = new ChecksumReplyParser({
      onDiscard: (bytes, reason) => this.transactor.noteDiscard(bytes, reason === 'checksum'),
    });
    this.transactor = new PacketTransactor(transport, parser, {
      family: config.family,
      retries: config.retries,
      returnDelayUs: config.returnDelayUs,
      latencyMarginMs: config.latencyMarginMs,
      replyOverhead: FRAME_OVERHEAD,
      replyCheck: CHECKSUM_REPLY_CHECK,
      commandError: config.commandError,
      describeTx: config.describeTx,
      describeRx: config.describeRx,
    });
  }

  get counters(): BusCounters {
    return this.transactor.counters;
  }

  async ping(id: number, options: CallOptions = {}): Promise<Ack> {
    const make = () => this.config.build.buildPing(id);
    const [reply] = await this.request(options, 'Ping', make, [id], () => 0);
    return this.config.ackOf(reply, id);
  }

  async read(
    id: number,
    address: number,
    length: number,
    options: CallOptions = {},
  ): Promise<Read> {
    const make = () => this.config.build.buildRead(id, address, length);
    const [reply] = await this.request(options, 'Read', make, [id], () => length);
    return this.config.readOf(reply, id);
  }

  async write(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<Ack | undefined> {
    const make = () => this.config.build.buildWrite(id, address, data);
    const reply = await this.acknowledged(options, 'Write', id, make);
    return reply && this.config.ackOf(reply, id);
  }

  /** Stored until Action: several servos can then move at once. */
  async regWrite(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<Ack | undefined> {
    const make = () => this.config.build.buildRegWrite(id, address, data);
    const reply = await this.acknowledged(options, 'Reg Write', id, make);
    return reply && this.config.ackOf(reply, id);
  }

  async action(id = BROADCAST_ID_BYTE, options: CallOptions = {}): Promise<Ack | undefined> {
    const make = () => this.config.build.buildAction(id);
    const reply = await this.acknowledged(options, 'Action', id, make);
    return reply && this.config.ackOf(reply, id);
  }

  /** Broadcast: nobody answers, so success means "sent". */
  async syncWrite(
    address: number,
    length: number,
    entries: readonly GroupWriteEntry[],
    options: CallOptions = {},
  ): Promise<void> {
    const make = () => this.config.build.buildSyncWrite(address, length, entries);
    await this.request(options, 'Sync Write', make, [], () => 0);
  }

  /** Sends bytes as typed in the packet console and returns whatever replies come back. */
  sendRaw(bytes: Uint8Array, options: CallOptions & { windowMs?: number } = {}): Promise<Reply[]> {
    return this.transactor.run(options, {
      name: 'Raw',
      build: () => bytes,
      ids: [],
      lengthOf: () => undefined,
      windowMs: options.windowMs ?? 50 + this.config.latencyMarginMs,
    });
  }

  /** One request that `ids` answer with `length` parameter bytes each (none for broadcasts). */
  protected request(
    options: CallOptions,
    name: string,
    build: (missing: readonly number[]) => Uint8Array,
    ids: readonly number[],
    lengthOf: (id: number) => number | undefined,
  ): Promise<Reply[]> {
    return this.transactor.run(options, { name, build, ids, lengthOf });
  }

  /** A write-like instruction; resolves with the reply, or undefined when none is owed. */
  protected async acknowledged(
    options: CallOptions,
    name: string,
    id: number,
    make: () => Uint8Array,
  ): Promise<Reply | undefined> {
    const answers = id !== BROADCAST_ID_BYTE && this.config.answersWrites;
    const [reply] = await this.request(options, name, make, answers ? [id] : [], () => 0);
    return reply;
  }
}
