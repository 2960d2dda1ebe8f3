import type { ByteTransport } from '../../transport/byte-transport';
import { TransactionQueue, type TransactionPriority } from '../../transport/transaction-queue';
import { ServoReplyDamagedError, ServoTimeoutError, type ReplyCheck } from './errors';
import { requestTimeoutMs } from './timeouts';

/**
 * Request → replies over one serial line for a packet family: one transaction at a time (by
 * priority), a timeout from baud × bytes, retries of the servos that did not answer, stale
 * replies flushed, an adapter's echo of our own request ignored. What the bytes mean stays with
 * the family (its parser, its command errors, its console lines).
 */
export interface Reply {
  id: number;
  /** The error/status byte. */
  error: number;
  params: Uint8Array;
  bytes: Uint8Array;
}

export interface ReplyParser {
  push(chunk: Uint8Array): Reply[];
  reset(): void;
  readonly stats: { checksumErrors: number; garbageBytes: number };
}

export interface Exchange {
  /** Instruction name for messages ("Read", "Sync Read"). */
  name: string;
  /** The request for the servos still missing (all of them on the first attempt). */
  build: (missing: readonly number[]) => Uint8Array;
  /** Who owes a reply, in the order they send it. */
  ids: readonly number[];
  /** Parameter bytes each replier owes; undefined accepts any length. */
  lengthOf: (id: number) => number | undefined;
  /** Collect every reply until this window closes (broadcast ping, raw console). */
  windowMs?: number;
  /**
   * One reply carries every servo's answer (Protocol 2.0 Fast Sync/Bulk Read): its parts, given
   * the parameter bytes each servo still wanted owes (undefined for the others).
   */
  split?: (reply: Reply, lengthOf: (id: number) => number | undefined) => Reply[];
  /** Bytes of the replies `ids` owe, where that is not one reply each of overhead + parameters. */
  replyBytes?: (ids: readonly number[]) => number[];
}

export interface TransactorOptions<E extends Exchange = Exchange> {
  /** Family name messages start with ("Feetech", "Dynamixel 1.0"); Protocol 2.0's name only the instruction. */
  family?: string;
  retries: number;
  returnDelayUs: number;
  latencyMarginMs: number;
  /** Bytes of a reply around its parameters. */
  replyOverhead: number;
  /** How replies prove they arrived whole, for the message when only damaged ones came. */
  replyCheck: ReplyCheck;
  /** A reply saying the servo refused the command: final, never retried. */
  commandError: (exchange: E, reply: Reply) => Error | undefined;
  /** A refusal is the servo's whole answer whatever its length (Protocol 2.0's carries no data). */
  refusalsOfAnyLength?: boolean;
  describeTx: (bytes: Uint8Array) => string;
  describeRx: (reply: Reply) => string;
}

export interface CallOptions {
  priority?: TransactionPriority;
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
  checksumErrors: number;
  garbageBytes: number;
  retries: number;
  statusErrors: number;
  /** Our own requests heard back (a half-duplex adapter without echo suppression). */
  echoes: number;
}

interface Waiter {
  accept: (reply: Reply) => void;
}

export class PacketTransactor<E extends Exchange = Exchange> {
  private readonly queue = new TransactionQueue();
  private readonly listeners = new Set<(event: TrafficEvent) => void>();
  private readonly offData: () => void;
  private waiter: Waiter | undefined;
  private lastRequest: Uint8Array | undefined;
  private staleUntil = 0;
  private count = { tx: 0, rx: 0, timeouts: 0, retries: 0, statusErrors: 0, echoes: 0 };

  constructor(
    readonly transport: ByteTransport,
    private readonly parser: ReplyParser,
    private readonly options: TransactorOptions<E>,
  ) {
    this.offData = transport.onData((chunk) => this.onData(chunk));
  }

  get counters(): BusCounters {
    const { checksumErrors, garbageBytes } = this.parser.stats;
    return { ...this.count, checksumErrors, garbageBytes };
  }

  onTraffic(listener: (event: TrafficEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports discarded noise or a damaged frame to the traffic console. */
  noteDiscard(bytes: Uint8Array, damaged: boolean): void {
    const { name } = this.options.replyCheck;
    this.emit(
      'rx',
      bytes,
      damaged ? `damaged packet (${name} mismatch)` : `${bytes.length} byte(s) of noise`,
    );
  }

  dropPolls(): number {
    return this.queue.dropPolls();
  }

  close(): void {
    this.queue.close();
    this.offData();
  }

  timeoutFor(requestBytes: number, ids: readonly number[], exchange: E): number {
    return requestTimeoutMs({
      baudRate: this.transport.baudRate,
      requestBytes,
      replyBytes:
        exchange.replyBytes?.(ids) ??
        ids.map((id) => this.options.replyOverhead + (exchange.lengthOf(id) ?? 0)),
      returnDelayUs: this.options.returnDelayUs,
      latencyMarginMs: this.options.latencyMarginMs,
    });
  }

  /** Queues one transaction; retries missing or damaged replies; command errors are final. */
  run(options: CallOptions, exchange: E): Promise<Reply[]> {
    return this.queue.run(options.priority ?? 'user', async () => {
      const got = new Map<number, Reply>();
      let missing = [...exchange.ids];
      let timeoutMs = 0;
      let damaged = false;
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        if (attempt > 0) this.count.retries++;
        const before = this.parser.stats.checksumErrors;
        const request = exchange.build(missing);
        timeoutMs = exchange.windowMs ?? this.timeoutFor(request.length, missing, exchange);
        const replies = await this.attempt(request, missing, exchange, timeoutMs);
        if (exchange.windowMs !== undefined || exchange.ids.length === 0) return replies;
        for (const reply of replies) {
          const refused = this.options.commandError(exchange, reply);
          if (refused) {
            this.count.statusErrors++;
            throw refused;
          }
          got.set(reply.id, reply);
        }
        missing = exchange.ids.filter((id) => !got.has(id));
        if (missing.length === 0) return exchange.ids.flatMap((id) => got.get(id) ?? []);
        damaged ||= this.parser.stats.checksumErrors > before;
        this.count.timeouts++;
        // A late reply may still be on its way: let it land and be flushed, not taken for the next answer.
        this.staleUntil = Date.now() + this.options.latencyMarginMs;
      }
      const attempts = this.options.retries + 1;
      const { family, replyCheck } = this.options;
      const request = family === undefined ? exchange.name : `${family} ${exchange.name}`;
      throw damaged
        ? new ServoReplyDamagedError(request, missing, attempts, replyCheck)
        : new ServoTimeoutError(request, missing, attempts, timeoutMs);
    });
  }

  private async attempt(
    request: Uint8Array,
    ids: readonly number[],
    exchange: E,
    timeoutMs: number,
  ): Promise<Reply[]> {
    const wait = this.staleUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.parser.reset();
    const wanted = new Set(ids);
    const replies: Reply[] = [];
    const windowed = exchange.windowMs !== undefined;
    return new Promise<Reply[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        this.waiter = undefined;
        resolve(replies);
      };
      this.waiter = {
        accept: (reply) => {
          if (windowed) {
            replies.push(reply);
            return;
          }
          if (exchange.split) {
            const owed = (id: number) => (wanted.has(id) ? exchange.lengthOf(id) : undefined);
            for (const part of exchange.split(reply, owed))
              if (wanted.delete(part.id)) replies.push(part);
          } else {
            // Only the servos we asked, with the length we asked for: anything else is stale.
            if (!wanted.has(reply.id) || !this.fits(exchange, reply)) return;
            wanted.delete(reply.id);
            replies.push(reply);
          }
          if (wanted.size === 0) finish();
        },
      };
      this.lastRequest = request;
      this.emit('tx', request, this.options.describeTx(request));
      this.count.tx++;
      this.transport.write(request).then(
        () => {
          if (!windowed && wanted.size === 0) finish();
          else timer = setTimeout(finish, timeoutMs);
        },
        (error: unknown) => {
          this.waiter = undefined;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private fits(exchange: E, reply: Reply): boolean {
    const length = exchange.lengthOf(reply.id);
    if (length === undefined || reply.params.length === length) return true;
    return (
      this.options.refusalsOfAnyLength === true &&
      this.options.commandError(exchange, reply) !== undefined
    );
  }

  private onData(chunk: Buffer): void {
    for (const reply of this.parser.push(chunk)) {
      if (this.lastRequest && sameBytes(reply.bytes, this.lastRequest)) {
        this.count.echoes++;
        continue;
      }
      this.count.rx++;
      this.emit('rx', reply.bytes, this.options.describeRx(reply));
      this.waiter?.accept(reply);
    }
  }

  private emit(direction: 'tx' | 'rx', bytes: Uint8Array, summary: string): void {
    if (this.listeners.size === 0) return;
    const event: TrafficEvent = { direction, bytes, summary, at: Date.now() };
    for (const listener of this.listeners) listener(event);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
