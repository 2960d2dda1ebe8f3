/**
 * The raw packet console of a robot session, whatever its protocol: the hex a technician types,
 * and the bus traffic shown back. The poll loop's own transactions are thinned to about one a
 * second so a 50 Hz loop does not drown what the technician sent.
 */
import type { ConsoleTraffic } from '../domain';
import { toHex } from '../servos/dynamixel2/bytes';
import { RobotCommandError } from './robot-session';

/** What `consoleSend` answers: the bytes sent and every reply, each with a one-line summary. */
export interface ConsoleExchange {
  sent: string;
  replies: { hex: string; summary: string }[];
}

/** One packet on the wire, as the buses and the Modbus client report it. */
export interface WireTraffic {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  summary: string;
  at: number;
}

export function parseHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  if (digits.length === 0) {
    throw new RobotCommandError(
      'empty-packet',
      'Type the packet as hex bytes, e.g. FF FF FD 00 01 03 00 01 19 4E.',
    );
  }
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
    throw new RobotCommandError(
      'bad-hex',
      'The packet must be whole bytes in hex (two digits each, e.g. FF 01). Nothing was sent.',
    );
  }
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** Forwards bus traffic to the console sink, with poll transactions (request and reply) thinned. */
export class ConsoleTap {
  private pollTrafficUntil = 0;
  private lastTxWasPoll = false;

  constructor(
    private readonly robotId: string,
    private readonly sink: ((traffic: ConsoleTraffic) => void) | undefined,
    private readonly isPollRequest: (bytes: Uint8Array) => boolean,
  ) {}

  take(event: WireTraffic): void {
    const sink = this.sink;
    if (!sink) return;
    if (event.direction === 'tx') {
      this.lastTxWasPoll = this.isPollRequest(event.bytes);
      if (this.lastTxWasPoll) {
        const now = performance.now();
        if (now < this.pollTrafficUntil) return;
        this.pollTrafficUntil = now + 1000;
        this.lastTxWasPoll = false;
      }
    } else if (this.lastTxWasPoll) {
      return;
    }
    try {
      sink({
        robotId: this.robotId,
        direction: event.direction,
        hex: toHex(event.bytes),
        summary: event.summary,
        at: event.at,
      });
    } catch {
      // The console is a viewer; it never breaks the bus.
    }
  }
}
