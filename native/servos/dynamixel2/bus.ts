import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { TransactionQueue, type TransactionPriority } from '../../transport/transaction-queue';
import { decodeUint } from './bytes';
import { DynamixelCrcError, DynamixelStatusError, DynamixelTimeoutError } from './bus-errors';
import { describeInstruction, describeStatus } from './describe';
import { decodeFastReadReply } from './fast-read';
import * as build from './instructions';
import type { BulkReadEntry, BulkWriteEntry, WriteEntry } from './instructions';
import { InstructionPacketParser, StatusPacketParser, type StatusPacket } from './packet';
import { BROADCAST_ID, FactoryResetOption, Instruction } from './protocol';

export interface CallOptions {
  priority?: TransactionPriority;
}

export interface DynamixelBusOptions {
  /** Extra attempts after a timeout or damaged reply (never after a status error). Default 2. */
  retries?: number;
  /** Servo Return Delay Time in µs: register 9 holds 250 by default, in 2 µs units = 500 µs. */
  returnDelayUs?: number;
  /** Slack for USB-serial adapters (FTDI latency timer) and a busy event loop. Default 20 ms. */
  latencyMarginMs?: number;
  /** Status Return Level the servos are set to; below 2, writes get no reply. Default 2. */
  statusReturnLevel?: number;
}

export interface TrafficEvent {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  summary: string;
  at: number;
}

export interface BusCounters {
  tx: number;
  rx: number;
  timeouts: number;
  crcErrors: number;
  garbageBytes: number;
  retries: number;
  statusErrors: number;
}

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

/** What one transaction waits for. `ids` are the repliers; `lengthOf` the parameter count each owes. */
interface Expectation {
  instruction: number;
  build: (ids: number[]) => Uint8Array;
  ids: number[];
  lengthOf: (id: number) => number | undefined;
  /** Collect every reply until the window closes (broadcast ping, raw console). */
  windowMs?: number;
  /** One combined reply for all ids (Fast Sync/Bulk Read). */
  fast?: boolean;
}

interface Waiter {
  accept: (packet: StatusPacket) => void;
}

const STATUS_OVERHEAD = 11; // header 4, id, len 2, inst, err, crc 2

export class DynamixelBus {
  private readonly queue = new TransactionQueue();
  private readonly parser: StatusPacketParser;
  private readonly echoDescriber = new InstructionPacketParser();
  private readonly listeners = new Set<(event: TrafficEvent) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly options: Required<DynamixelBusOptions>;
  private waiter: Waiter | undefined;
  private staleUntil = 0;
  private count = { tx: 0, rx: 0, timeouts: 0, retries: 0, statusErrors: 0 };

  constructor(
    readonly transport: ByteTransport,
    options: DynamixelBusOptions = {},
  ) {
    this.options = {
      retries: options.retries ?? 2,
      returnDelayUs: options.returnDelayUs ?? 500,
      latencyMarginMs: options.latencyMarginMs ?? 20,
      statusReturnLevel: options.statusReturnLevel ?? 2,
    };
    this.parser = new StatusPacketParser({
      maxLength: 8192,
      onDiscard: (bytes, reason) =>
        this.emit(
          'rx',
          bytes,
          reason === 'crc' ? 'damaged packet (CRC mismatch)' : `${bytes.length} byte(s) of noise`,
        ),
    });
    this.unsubscribe.push(transport.onData((chunk) => this.onData(chunk)));
  }

  get counters(): BusCounters {
    const stats = this.parser.stats;
    return { ...this.count, crcErrors: stats.crcErrors, garbageBytes: stats.garbageBytes };
  }

  /** Every packet out and in (and discarded noise), for a raw packet console. */
  onTraffic(listener: (event: TrafficEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops queued poll transactions, e.g. right after an emergency stop. */
  dropPolls(): number {
    return this.queue.dropPolls();
  }

  close(): void {
    this.queue.close();
    for (const off of this.unsubscribe.splice(0)) off();
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
    ids: number[],
    lengthOf: (id: number) => number | undefined,
    make: (missing: number[]) => Uint8Array,
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

  /** Queues one transaction and retries missing or damaged replies; status errors are final. */
  private transact(options: CallOptions, expect: Expectation): Promise<StatusPacket[]> {
    return this.queue.run(options.priority ?? 'user', async () => {
      const got = new Map<number, StatusPacket>();
      let missing = [...expect.ids];
      let timeoutMs = 0;
      let crcSeen = false;
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        if (attempt > 0) this.count.retries++;
        const crcBefore = this.parser.stats.crcErrors;
        const request = expect.build(missing);
        timeoutMs = this.timeoutFor(request.length, missing, expect);
        const packets = await this.attempt(request, missing, expect, timeoutMs);
        if (expect.windowMs !== undefined || expect.ids.length === 0) return packets;
        for (const packet of packets) got.set(packet.id, packet);
        const failed = [...got.values()].find((p) => (p.error & 0x7f) !== 0);
        if (failed) {
          this.count.statusErrors++;
          throw new DynamixelStatusError(expect.instruction, failed.id, failed.error);
        }
        missing = expect.ids.filter((id) => !got.has(id));
        if (missing.length === 0) return expect.ids.flatMap((id) => got.get(id) ?? []);
        crcSeen ||= this.parser.stats.crcErrors > crcBefore;
        this.count.timeouts++;
        // A late reply may still be on its way: let it land and be flushed, not taken for the next answer.
        this.staleUntil = Date.now() + this.options.latencyMarginMs;
      }
      const attempts = this.options.retries + 1;
      throw crcSeen
        ? new DynamixelCrcError(expect.instruction, missing, attempts)
        : new DynamixelTimeoutError(expect.instruction, missing, attempts, timeoutMs);
    });
  }

  /** Sends one request and gathers matching replies until all arrived or the time is up. */
  private async attempt(
    request: Uint8Array,
    ids: number[],
    expect: Expectation,
    timeoutMs: number,
  ): Promise<StatusPacket[]> {
    const wait = this.staleUntil - Date.now();
    if (wait > 0) await sleep(wait);
    this.parser.reset();
    const wanted = new Set(ids);
    const packets: StatusPacket[] = [];
    const windowed = expect.windowMs !== undefined;
    return new Promise<StatusPacket[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        this.waiter = undefined;
        resolve(packets);
      };
      this.waiter = {
        accept: (packet) => {
          if (windowed) {
            packets.push(packet);
            return;
          }
          if (expect.fast) {
            if (packet.id !== BROADCAST_ID) return;
            for (const block of decodeFastReadReply(packet, (id) =>
              wanted.has(id) ? expect.lengthOf(id) : undefined,
            )) {
              if (!wanted.delete(block.id)) continue;
              packets.push({
                id: block.id,
                error: block.error,
                params: block.data,
                bytes: packet.bytes,
              });
            }
          } else {
            // Only the servos we asked, with the length we asked for: anything else is stale.
            const length = expect.lengthOf(packet.id);
            const fits =
              length === undefined ||
              packet.params.length === length ||
              (packet.error & 0x7f) !== 0;
            if (!wanted.has(packet.id) || !fits) return;
            wanted.delete(packet.id);
            packets.push(packet);
          }
          if (wanted.size === 0) finish();
        },
      };
      this.emit('tx', request, this.describeTx(request));
      this.count.tx++;
      this.transport.write(request).then(
        () => {
          if (!windowed && wanted.size === 0) finish();
          else timer = setTimeout(finish, windowed ? expect.windowMs : timeoutMs);
        },
        (error: unknown) => {
          this.waiter = undefined;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private timeoutFor(requestBytes: number, ids: number[], expect: Expectation): number {
    const replyBytes = expect.fast
      ? STATUS_OVERHEAD + ids.reduce((sum, id) => sum + (expect.lengthOf(id) ?? 0) + 4, 0)
      : ids.reduce((sum, id) => sum + STATUS_OVERHEAD + (expect.lengthOf(id) ?? 0), 0);
    const delays =
      (expect.fast ? 1 : Math.max(1, ids.length)) * (this.options.returnDelayUs / 1000);
    return (
      wireTimeMs(requestBytes + replyBytes, this.transport.baudRate) +
      delays +
      this.options.latencyMarginMs
    );
  }

  private onData(chunk: Buffer): void {
    for (const packet of this.parser.push(chunk)) {
      this.count.rx++;
      this.emit('rx', packet.bytes, describeStatus(packet));
      this.waiter?.accept(packet);
    }
  }

  private describeTx(bytes: Uint8Array): string {
    this.echoDescriber.reset();
    const [packet] = this.echoDescriber.push(bytes);
    return packet ? describeInstruction(packet) : `raw ${bytes.length} byte(s)`;
  }

  private emit(direction: 'tx' | 'rx', bytes: Uint8Array, summary: string): void {
    if (this.listeners.size === 0) return;
    const event: TrafficEvent = { direction, bytes, summary, at: Date.now() };
    for (const listener of this.listeners) listener(event);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
