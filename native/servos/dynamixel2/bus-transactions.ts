/**
 * Protocol 2.0 transactions on one serial line: one at a time by priority, a timeout from baud ×
 * bytes, retries of the servos that did not answer, stale replies flushed, Fast Sync/Bulk Read
 * replies split per servo, and every packet reported for the packet console. What each
 * instruction asks is DynamixelBus's (bus.ts).
 */
import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { TransactionQueue, type TransactionPriority } from '../../transport/transaction-queue';
import { DynamixelCrcError, DynamixelStatusError, DynamixelTimeoutError } from './bus-errors';
import { describeInstruction, describeStatus } from './describe';
import { decodeFastReadReply } from './fast-read';
import { InstructionPacketParser, StatusPacketParser, type StatusPacket } from './packet';
import { BROADCAST_ID } from './protocol';

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

export /** What one transaction waits for. `ids` are the repliers; `lengthOf` the parameter count each owes. */
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

export const STATUS_OVERHEAD = 11; // header 4, id, len 2, inst, err, crc 2

export class StatusTransactor {
  private readonly queue = new TransactionQueue();
  private readonly parser: StatusPacketParser;
  private readonly echoDescriber = new InstructionPacketParser();
  private readonly listeners = new Set<(event: TrafficEvent) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  readonly options: Required<DynamixelBusOptions>;
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

  /** Queues one transaction and retries missing or damaged replies; status errors are final. */
  transact(options: CallOptions, expect: Expectation): Promise<StatusPacket[]> {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
