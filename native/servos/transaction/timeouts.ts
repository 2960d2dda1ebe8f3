import { wireTimeMs } from '../../transport/byte-transport';

export interface TimeoutInput {
  baudRate: number;
  requestBytes: number;
  /** Length of each reply owed, in bytes; empty when nobody answers. */
  replyBytes: readonly number[];
  /** The servos' Return Delay Time, paid once per reply. */
  returnDelayUs: number;
  /** Slack for USB-serial adapters (FTDI latency timer) and a busy event loop. */
  latencyMarginMs: number;
}

/**
 * How long a request may take before its missing replies count as lost: the bytes of the request
 * and of every reply at the line rate (8N1, 10 bits a byte), each reply's return delay, and a
 * margin for the adapter and the host. Vendor SDKs use a fixed 16–50 ms instead, which hides a
 * dead bus for longer and, at 1 Mbps, caps a poll loop far below what the wire allows.
 */
export function requestTimeoutMs(input: TimeoutInput): number {
  const replies = input.replyBytes.reduce((sum, n) => sum + n, 0);
  const delays = Math.max(1, input.replyBytes.length) * (input.returnDelayUs / 1000);
  return wireTimeMs(input.requestBytes + replies, input.baudRate) + delays + input.latencyMarginMs;
}
