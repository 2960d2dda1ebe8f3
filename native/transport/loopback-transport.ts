import { TransportClosedError, type ByteTransport } from './byte-transport';
import { ByteTransportListeners } from './byte-transport-listeners';

/**
 * Two connected in-process ends, like a null-modem cable. Each end has its own baud rate;
 * when they differ, bytes arrive garbled exactly as they would on a real UART, so scans and
 * simulators behave honestly in the demo facility and in unit tests.
 */
export function createLoopbackPair(
  name: string,
  baudRate: number,
): [LoopbackTransport, LoopbackTransport] {
  const a = new LoopbackTransport(`loopback:${name}`, baudRate);
  const b = new LoopbackTransport(`loopback:${name}#device`, baudRate);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

export class LoopbackTransport extends ByteTransportListeners implements ByteTransport {
  peer: LoopbackTransport | undefined;
  private open = true;

  constructor(
    readonly path: string,
    public baudRate: number,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.open;
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new TransportClosedError(this.path));
    const peer = this.peer;
    if (peer?.open) {
      const bytes =
        peer.baudRate === this.baudRate
          ? Buffer.from(data)
          : garble(Buffer.from(data), this.baudRate, peer.baudRate);
      // Deliver asynchronously, as a real port would.
      setImmediate(() => peer.deliver(bytes));
    }
    return Promise.resolve();
  }

  setBaudRate(baudRate: number): Promise<void> {
    this.baudRate = baudRate;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.shutdown();
    return Promise.resolve();
  }

  /** Simulates pulling the cable: both ends close, the far end with an error. */
  unplug(): void {
    const error = new Error(`${this.path} was unplugged`);
    this.shutdown(error);
    this.peer?.shutdown(error);
  }

  private deliver(bytes: Buffer): void {
    if (!this.open || bytes.length === 0) return;
    this.emitData(bytes);
  }

  private shutdown(error?: Error): void {
    if (!this.open) return;
    this.open = false;
    this.emitClose(error);
    this.forgetDataListeners();
  }
}

/**
 * A UART sampling at the wrong rate sees a different number of bytes with scrambled bits.
 * Deterministic so tests are repeatable.
 */
function garble(data: Buffer, sentAt: number, readAt: number): Buffer {
  const length = Math.max(1, Math.round((data.length * readAt) / sentAt));
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const source = data[Math.min(data.length - 1, Math.floor((i * sentAt) / readAt))] ?? 0;
    out[i] = (source ^ 0x5a ^ (i * 37)) & 0xff;
  }
  return out;
}
