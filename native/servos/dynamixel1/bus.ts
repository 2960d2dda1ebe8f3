import type { ByteTransport } from '../../transport/byte-transport';
import { FRAME_OVERHEAD } from '../checksum-packet/packet';
import { ChecksumReplyParser } from '../checksum-packet/reply-parser';
import { ServoBusError } from '../transaction/errors';
import {
  PacketTransactor,
  type BusCounters,
  type CallOptions,
  type Reply,
  type TrafficEvent,
} from '../transaction/packet-transactor';
import { describeDynamixel1Reply, describeDynamixel1Request } from './describe';
import * as build from './instructions';
import type { Dynamixel1BulkReadEntry, Dynamixel1WriteEntry } from './instructions';
import {
  identifyDynamixel1,
  IDENTITY_ADDRESS,
  IDENTITY_LENGTH,
  type Dynamixel1Identity,
} from './models';
import { BROADCAST_ID, StatusReturnLevel } from './protocol';
import { COMMAND_ERROR_MASK, decodeDynamixel1Error, HARDWARE_ERROR_MASK } from './status';

export interface Dynamixel1BusOptions {
  /** Extra attempts after a timeout or damaged reply (never after a refused command). Default 2. */
  retries?: number;
  /** Return Delay Time in µs: register 5 ships at 250 (× 2 µs) = 500 µs. */
  returnDelayUs?: number;
  latencyMarginMs?: number;
  /** Status Return Level (16) the servos are set to; below 2, writes get no reply. Default 2. */
  statusReturnLevel?: number;
}

export interface Dynamixel1Result {
  id: number;
  /** Input voltage / overheating / overload bits the servo reported with this reply. */
  hardwareError: number;
}

export interface Dynamixel1ReadResult extends Dynamixel1Result {
  data: Uint8Array;
}

export interface Dynamixel1Identified extends Dynamixel1Identity, Dynamixel1Result {}

/** The servo refused the command (angle limit, range, checksum or instruction error). */
export class Dynamixel1StatusError extends ServoBusError {
  constructor(
    readonly instruction: string,
    readonly id: number,
    readonly error: number,
  ) {
    const [first] = decodeDynamixel1Error(error & COMMAND_ERROR_MASK);
    const human = first ?? {
      code: 'refused',
      en: 'The servo refused the command.',
      ja: 'サーボがコマンドを拒否しました。',
      advice: {
        en: 'Check the command against the control table.',
        ja: 'コントロールテーブルと照らし合わせてください。',
      },
    };
    super(`Dynamixel 1.0 ${instruction} on servo ${id}: ${human.en} ${human.advice.en}`, human);
    this.name = 'Dynamixel1StatusError';
  }
}

/** A Protocol 1.0 bus (AX, MX with 1.0 firmware) on one serial line. */
export class Dynamixel1Bus {
  private readonly transactor: PacketTransactor;
  private readonly options: Required<Dynamixel1BusOptions>;

  constructor(
    readonly transport: ByteTransport,
    options: Dynamixel1BusOptions = {},
  ) {
    this.options = {
      retries: options.retries ?? 2,
      returnDelayUs: options.returnDelayUs ?? 500,
      latencyMarginMs: options.latencyMarginMs ?? 20,
      statusReturnLevel: options.statusReturnLevel ?? StatusReturnLevel.All,
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
      family: 'Dynamixel 1.0',
      retries: this.options.retries,
      returnDelayUs: this.options.returnDelayUs,
      latencyMarginMs: this.options.latencyMarginMs,
      replyOverhead: FRAME_OVERHEAD,
      commandError: (exchange, reply) =>
        reply.error & COMMAND_ERROR_MASK
          ? new Dynamixel1StatusError(exchange.name, reply.id, reply.error)
          : undefined,
      describeTx: describeDynamixel1Request,
      describeRx: describeDynamixel1Reply,
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

  async ping(id: number, options: CallOptions = {}): Promise<Dynamixel1Result> {
    const [reply] = await this.transactor.run(options, {
      name: 'Ping',
      build: () => build.buildPing(id),
      ids: [id],
      lengthOf: () => 0,
    });
    return result(reply, id);
  }

  /** Ping, then read Model Number and Firmware Version (as DynamixelSDK's 1.0 ping does). */
  async identify(id: number, options: CallOptions = {}): Promise<Dynamixel1Identified> {
    await this.ping(id, options);
    const { data, hardwareError } = await this.read(id, IDENTITY_ADDRESS, IDENTITY_LENGTH, options);
    return { id, hardwareError, ...identifyDynamixel1(data) };
  }

  async read(
    id: number,
    address: number,
    length: number,
    options: CallOptions = {},
  ): Promise<Dynamixel1ReadResult> {
    const [reply] = await this.transactor.run(options, {
      name: 'Read',
      build: () => build.buildRead(id, address, length),
      ids: [id],
      lengthOf: () => length,
    });
    return { ...result(reply, id), data: reply?.params ?? new Uint8Array(0) };
  }

  write(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<Dynamixel1Result | undefined> {
    return this.acknowledged(options, 'Write', id, () => build.buildWrite(id, address, data));
  }

  regWrite(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<Dynamixel1Result | undefined> {
    return this.acknowledged(options, 'Reg Write', id, () =>
      build.buildRegWrite(id, address, data),
    );
  }

  action(
    id: number = BROADCAST_ID,
    options: CallOptions = {},
  ): Promise<Dynamixel1Result | undefined> {
    return this.acknowledged(options, 'Action', id, () => build.buildAction(id));
  }

  /** Everything back to factory values, the id included (it becomes 1). */
  factoryReset(id: number, options: CallOptions = {}): Promise<Dynamixel1Result | undefined> {
    return this.acknowledged(options, 'Factory Reset', id, () => build.buildFactoryReset(id));
  }

  async syncWrite(
    address: number,
    length: number,
    entries: readonly Dynamixel1WriteEntry[],
    options: CallOptions = {},
  ): Promise<void> {
    await this.transactor.run(options, {
      name: 'Sync Write',
      build: () => build.buildSyncWrite(address, length, entries),
      ids: [],
      lengthOf: () => 0,
    });
  }

  /** MX only: each servo answers after the one before it, in the order asked. */
  async bulkRead(
    entries: readonly Dynamixel1BulkReadEntry[],
    options: CallOptions = {},
  ): Promise<Dynamixel1ReadResult[]> {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const replies = await this.transactor.run(options, {
      name: 'Bulk Read',
      build: (missing) => build.buildBulkRead(missing.flatMap((id) => byId.get(id) ?? [])),
      ids: entries.map((e) => e.id),
      lengthOf: (id) => byId.get(id)?.length,
    });
    return replies.map((reply) => ({ ...result(reply, reply.id), data: reply.params }));
  }

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
  ): Promise<Dynamixel1Result | undefined> {
    const replies = id !== BROADCAST_ID && this.options.statusReturnLevel >= StatusReturnLevel.All;
    const [reply] = await this.transactor.run(options, {
      name,
      build: make,
      ids: replies ? [id] : [],
      lengthOf: () => 0,
    });
    return reply ? result(reply, id) : undefined;
  }
}

function result(reply: Reply | undefined, id: number): Dynamixel1Result {
  return { id: reply?.id ?? id, hardwareError: (reply?.error ?? 0) & HARDWARE_ERROR_MASK };
}
