/**
 * A real serial port (USB adapter, on-board UART or a PTY) as a ByteTransport. An unplugged
 * cable closes it with an error; nothing is thrown at the caller's poll loop.
 */
import { SerialPort } from 'serialport';
import { TransportClosedError, type ByteTransport } from './byte-transport';
import { ByteTransportListeners } from './byte-transport-listeners';
import { withNonBlockingBinding } from './nonblocking-binding';

export class SerialPortTransport extends ByteTransportListeners implements ByteTransport {
  private closedByUs = false;

  private constructor(
    private readonly port: SerialPort,
    readonly path: string,
  ) {
    super();
    port.on('close', (error?: Error | null) => {
      const unexpected = !this.closedByUs;
      const reason = unexpected
        ? (error ?? new Error(`${path} closed unexpectedly (unplugged?)`))
        : undefined;
      this.emitClose(reason);
    });
    // Errors after open surface as 'close'; keep the emitter from throwing on unhandled 'error'.
    port.on('error', () => {});
    // Always flowing: an unplug is only noticed while a read is pending, and nothing should pile
    // up in the stream's buffer while no one listens.
    port.on('data', (chunk: Buffer) => {
      this.emitData(chunk);
    });
  }

  static open(path: string, baudRate: number): Promise<SerialPortTransport> {
    const port = new SerialPort(
      withNonBlockingBinding({ path, baudRate, autoOpen: false, hupcl: false }),
    );
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) reject(new Error(explainOpenError(path, error)));
        else resolve(new SerialPortTransport(port, path));
      });
    });
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  get isOpen(): boolean {
    return this.port.isOpen;
  }

  /**
   * Resolves when the bytes have been written to the port's file descriptor (handed to the OS).
   * No tcdrain: it costs about a millisecond per call through libuv's thread pool (measured on a
   * PTY), which would cap a poll loop near 1000 transactions a second; callers that need the
   * wire to be idle add the wire time themselves (Dynamixel timeouts, Modbus t3.5).
   */
  write(data: Uint8Array): Promise<void> {
    if (!this.port.isOpen) return Promise.reject(new TransportClosedError(this.path));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(data), (error) => (error ? reject(error) : resolve()));
    });
  }

  setBaudRate(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.update({ baudRate }, (error) => (error ? reject(error) : resolve())),
    );
  }

  close(): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    this.closedByUs = true;
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}

function explainOpenError(path: string, error: Error): string {
  const message = error.message;
  if (/EACCES|Permission denied/i.test(message)) {
    return `Cannot open ${path}: permission denied. On Linux, add your user to the "dialout" group and sign in again.`;
  }
  if (/ENOENT|No such file/i.test(message)) {
    return `Cannot open ${path}: no such port. Check the cable and pick the port again.`;
  }
  if (/EBUSY|locked|Resource temporarily unavailable/i.test(message)) {
    return `Cannot open ${path}: another program is using it. Close it (e.g. another Genba or a serial monitor) and try again.`;
  }
  return `Cannot open ${path}: ${message}`;
}
