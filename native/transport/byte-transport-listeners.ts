import type { ByteTransport } from './byte-transport';

/**
 * The subscriber half every ByteTransport has: data and close listeners, and the fan-out to
 * them. A transport adds only how bytes go out and what opening and closing mean.
 */
export abstract class ByteTransportListeners implements Pick<ByteTransport, 'onData' | 'onClose'> {
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  protected emitData(chunk: Buffer): void {
    for (const listener of this.dataListeners) listener(chunk);
  }

  /** Tells each close listener once, then forgets them. */
  protected emitClose(error?: Error): void {
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }

  protected forgetDataListeners(): void {
    this.dataListeners.clear();
  }
}
