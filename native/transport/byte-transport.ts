/**
 * The one thing every protocol layer talks to: a byte stream with a baud rate.
 * Implementations: a real serial port (serial-port-transport.ts) and an in-process
 * pair (loopback-transport.ts) used by the demo facility and by unit tests.
 */
export interface ByteTransport {
  /** Serial path (`/dev/ttyUSB0`, `/dev/pts/3`) or a `loopback:` name. */
  readonly path: string;
  readonly baudRate: number;
  readonly isOpen: boolean;
  /** Resolves once the bytes have been handed to the OS (drained). */
  write(data: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes; returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the transport closes, with the error when it was not asked to (unplugged). */
  onClose(listener: (error?: Error) => void): () => void;
  setBaudRate(baudRate: number): Promise<void>;
  close(): Promise<void>;
}

/** Seconds-to-milliseconds wire time of `bytes` at `baudRate` with 8N1 framing (10 bits a byte). */
export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}

export class TransportClosedError extends Error {
  constructor(path: string) {
    super(`The serial link ${path} is closed (unplugged or shut down).`);
    this.name = 'TransportClosedError';
  }
}
