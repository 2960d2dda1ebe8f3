/**
 * A Dynamixel Protocol 2.0 bus: every instruction as a typed call (Ping, Read, Write, Sync and
 * Bulk Read/Write and their Fast variants, Reboot, Factory Reset, the raw console), over the
 * shared transaction engine as bus-transactions.ts wires it for Protocol 2.0.
 */
import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { decodeUint } from './bytes';
import type { PacketTransactor } from '../transaction/packet-transactor';
import {
  countersOf,
  statusExchange,
  statusTransactor,
  STATUS_OVERHEAD,
  withDefaults,
  type BusCounters,
  type CallOptions,
  type DynamixelBusOptions,
  type Expectation,
  type StatusExchange,
} from './bus-transactions';
import { TransactorBus } from '../transaction/transactor-bus';
import * as build from './instructions';
import type { BulkReadEntry, BulkWriteEntry, WriteEntry } from './instructions';
import type { StatusPacket } from './packet';
import { BROADCAST_ID, FactoryResetOption, Instruction } from './protocol';

export type {
  BusCounters,
  CallOptions,
  DynamixelBusOptions,
  TrafficEvent,
} from './bus-transactions';

export interface PingResult {
  id: number;
  modelNumber: number;
  firmwareVersion: number;
  alert: boolean;
}

export interface ReadResult {
  id: number;
  data: Uint8Array;
  /** The servo has a latched hardware fault; read Hardware Error Status (70). */
  alert: boolean;
}

export interface WriteResult {
  id: number;
  alert: boolean;
}

export class DynamixelBus extends TransactorBus<StatusExchange> {
  protected readonly transactor: PacketTransactor<StatusExchange>;
  private readonly options: Required<DynamixelBusOptions>;

  constructor(
    readonly transport: ByteTransport,
    options: DynamixelBusOptions = {},
  ) {
    super();
    this.options = withDefaults(options);
    this.transactor = statusTransactor(transport, this.options);
  }

  get counters(): BusCounters {
    return countersOf(this.transactor);
  }

  async ping(id: number, options: CallOptions = {}): Promise<PingResult> {
    const [packet] = await this.transact(options, {
      instruction: Instruction.Ping,
      build: () => build.buildPing(id),
      ids: [id],
      lengthOf: () => 3,
    });
    return toPing(packet);
  }

  /** Every servo answers a broadcast ping in turn; collects all replies within the window. */
  async broadcastPing(options: CallOptions & { windowMs?: number } = {}): Promise<PingResult[]> {
    const perReply =
      wireTimeMs(STATUS_OVERHEAD + 3, this.transport.baudRate) + this.options.returnDelayUs / 1000;
    const windowMs = options.windowMs ?? 253 * perReply + this.options.latencyMarginMs;
    const packets = await this.transact(options, {
      instruction: Instruction.Ping,
      build: () => build.buildPing(BROADCAST_ID),
      ids: [],
      lengthOf: () => 3,
      windowMs,
    });
    const byId = new Map<number, PingResult>();
    for (const packet of packets)
      if (packet.params.length === 3) byId.set(packet.id, toPing(packet));
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  async read(
    id: number,
    address: number,
    length: number,
    options: CallOptions = {},
  ): Promise<ReadResult> {
    const [packet] = await this.transact(options, {
      instruction: Instruction.Read,
      build: () => build.buildRead(id, address, length),
      ids: [id],
      lengthOf: () => length,
    });
    return toRead(packet);
  }

  write(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<WriteResult | undefined> {
    return this.ack(options, Instruction.Write, id, () => build.buildWrite(id, address, data));
  }

  regWrite(
    id: number,
    address: number,
    data: Uint8Array,
    options: CallOptions = {},
  ): Promise<WriteResult | undefined> {
    return this.ack(options, Instruction.RegWrite, id, () =>
      build.buildRegWrite(id, address, data),
    );
  }

  action(id: number = BROADCAST_ID, options: CallOptions = {}): Promise<WriteResult | undefined> {
    return this.ack(options, Instruction.Action, id, () => build.buildAction(id));
  }

  factoryReset(
    id: number,
    option: number = FactoryResetOption.KeepIdAndBaud,
    options: CallOptions = {},
  ): Promise<WriteResult | undefined> {
    return this.ack(
      options,
      Instruction.FactoryReset,
      id,
      () => build.buildFactoryReset(id, option),
      true,
    );
  }

  /** Reboot is the only way to clear a latched hardware error; torque comes back off. */
  reboot(id: number, options: CallOptions = {}): Promise<WriteResult | undefined> {
    return this.ack(options, Instruction.Reboot, id, () => build.buildReboot(id), true);
  }

  clear(id: number, option = 0x01, options: CallOptions = {}): Promise<WriteResult | undefined> {
    return this.ack(options, Instruction.Clear, id, () => build.buildClear(id, option), true);
  }

  async syncRead(
    address: number,
    length: number,
    ids: number[],
    options: CallOptions = {},
  ): Promise<ReadResult[]> {
    const packets = await this.transact(options, {
      instruction: Instruction.SyncRead,
      build: (missing) => build.buildSyncRead(address, length, missing),
      ids,
      lengthOf: () => length,
    });
    return orderBy(ids, packets.map(toRead));
  }

  async fastSyncRead(
    address: number,
    length: number,
    ids: number[],
    options: CallOptions = {},
  ): Promise<ReadResult[]> {
    const results = await this.transactFast(
      options,
      Instruction.FastSyncRead,
      ids,
      () => length,
      (missing) => build.buildFastSyncRead(address, length, missing),
    );
    return orderBy(ids, results);
  }

  async bulkRead(entries: BulkReadEntry[], options: CallOptions = {}): Promise<ReadResult[]> {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const packets = await this.transact(options, {
      instruction: Instruction.BulkRead,
      build: (missing) => build.buildBulkRead(missing.flatMap((id) => byId.get(id) ?? [])),
      ids: entries.map((e) => e.id),
      lengthOf: (id) => byId.get(id)?.length,
    });
    return orderBy(
      entries.map((e) => e.id),
      packets.map(toRead),
    );
  }

  async fastBulkRead(entries: BulkReadEntry[], options: CallOptions = {}): Promise<ReadResult[]> {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const ids = entries.map((e) => e.id);
    const results = await this.transactFast(
      options,
      Instruction.FastBulkRead,
      ids,
      (id) => byId.get(id)?.length,
      (missing) => build.buildFastBulkRead(missing.flatMap((id) => byId.get(id) ?? [])),
    );
    return orderBy(ids, results);
  }

  /** Sync Write is broadcast: no servo answers, so success means "sent". */
  async syncWrite(
    address: number,
    length: number,
    entries: WriteEntry[],
    options: CallOptions = {},
  ): Promise<void> {
    await this.transact(options, {
      instruction: Instruction.SyncWrite,
      build: () => build.buildSyncWrite(address, length, entries),
      ids: [],
      lengthOf: () => 0,
    });
  }

  async bulkWrite(entries: BulkWriteEntry[], options: CallOptions = {}): Promise<void> {
    await this.transact(options, {
      instruction: Instruction.BulkWrite,
      build: () => build.buildBulkWrite(entries),
      ids: [],
      lengthOf: () => 0,
    });
  }

  /** Sends bytes as typed in the packet console and returns whatever status packets come back. */
  sendRaw(
    bytes: Uint8Array,
    options: CallOptions & { windowMs?: number } = {},
  ): Promise<StatusPacket[]> {
    return this.transact(options, {
      instruction: bytes[7] ?? 0,
      build: () => bytes,
      ids: [],
      lengthOf: () => undefined,
      windowMs: options.windowMs ?? 50 + this.options.latencyMarginMs,
    });
  }

  private async ack(
    options: CallOptions,
    instruction: number,
    id: number,
    make: () => Uint8Array,
    alwaysReplies = false,
  ): Promise<WriteResult | undefined> {
    const replies = id !== BROADCAST_ID && (alwaysReplies || this.options.statusReturnLevel >= 2);
    const [packet] = await this.transact(options, {
      instruction,
      build: make,
      ids: replies ? [id] : [],
      lengthOf: () => 0,
    });
    return packet ? { id: packet.id, alert: (packet.error & 0x80) !== 0 } : undefined;
  }

  private async transactFast(
    options: CallOptions,
    instruction: number,
    ids: readonly number[],
    lengthOf: (id: number) => number | undefined,
    make: (missing: readonly number[]) => Uint8Array,
  ): Promise<ReadResult[]> {
    const packets = await this.transact(options, {
      instruction,
      build: make,
      ids,
      lengthOf,
      fast: true,
    });
    return packets.map(toRead);
  }

  private transact(options: CallOptions, expect: Expectation): Promise<StatusPacket[]> {
    return this.transactor.run(options, statusExchange(expect));
  }
}

function toPing(packet: StatusPacket | undefined): PingResult {
  const p = packet?.params ?? new Uint8Array(3);
  return {
    id: packet?.id ?? -1,
    modelNumber: decodeUint(p, 0, 2),
    firmwareVersion: p[2] ?? 0,
    alert: ((packet?.error ?? 0) & 0x80) !== 0,
  };
}

function toRead(packet: StatusPacket | undefined): ReadResult {
  return {
    id: packet?.id ?? -1,
    data: packet?.params ?? new Uint8Array(0),
    alert: ((packet?.error ?? 0) & 0x80) !== 0,
  };
}

function orderBy(ids: number[], results: ReadResult[]): ReadResult[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
