import type { Exchange, PacketTransactor, TrafficEvent } from './packet-transactor';

/** The timing options every family's bus takes. */
export interface BusTimingOptions {
  /** Extra attempts after a timeout or damaged reply (never after a refused command). Default 2. */
  retries?: number;
  /** Servo Return Delay Time in µs; the families ship at 250 × 2 µs = 500 µs. */
  returnDelayUs?: number;
  /** Slack for USB-serial adapters (FTDI latency timer) and a busy event loop. Default 20 ms. */
  latencyMarginMs?: number;
}

/** The timing options with the defaults every family ships with. */
export function busTiming(options: BusTimingOptions): Required<BusTimingOptions> {
  return {
    retries: options.retries ?? 2,
    returnDelayUs: options.returnDelayUs ?? 500,
    latencyMarginMs: options.latencyMarginMs ?? 20,
  };
}

/**
 * What every family's bus shows of its transaction engine besides the instructions: the traffic
 * for the packet console, dropping queued polls, closing.
 */
export abstract class TransactorBus<E extends Exchange = Exchange> {
  protected abstract readonly transactor: PacketTransactor<E>;

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
}
