import type { ByteTransport } from '../../transport/byte-transport';
import {
  PacketTransactor,
  type BusCounters,
  type CallOptions,
  type Exchange,
  type Reply,
  type TrafficEvent,
} from '../transaction/packet-transactor';
import { BROADCAST_ID_BYTE, FRAME_OVERHEAD } from './packet';
import { ChecksumReplyParser } from './reply-parser';

export interface PacketBusConfig {
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
}

/**
 * What a checksum-packet family's bus shares: the reply parser and transaction engine wired to
 * the transport, counters and traffic for the packet console, the raw console, and a write-like
 * instruction that is answered only when unicast and when the servos are set to answer writes.
 */
export class PacketBus {
  protected readonly transactor: PacketTransactor;

  constructor(
    readonly transport: ByteTransport,
    protected readonly config: PacketBusConfig,
  ) {
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
      family: config.family,
      retries: config.retries,
      returnDelayUs: config.returnDelayUs,
      latencyMarginMs: config.latencyMarginMs,
      replyOverhead: FRAME_OVERHEAD,
      commandError: config.commandError,
      describeTx: config.describeTx,
      describeRx: config.describeRx,
    });
  }

  get counters(): BusCounters {
    return this.transactor.counters;
  }

  /** Every packet out and in (and discarded noise), for a raw packet console. */
  onTraffic(listener: (event: TrafficEvent) => void): () => void {
    return this.transactor.onTraffic(listener);
  }

  /** Drops queued poll transactions, e.g. right after an emergency stop. */
  dropPolls(): number {
    return this.transactor.dropPolls();
  }

  close(): void {
    this.transactor.close();
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
