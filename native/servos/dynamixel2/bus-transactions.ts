/**
 * Protocol 2.0 on the shared transaction engine (transaction/packet-transactor.ts): its status
 * packet parser, its status errors, its console lines, and Fast Sync/Bulk Read replies split per
 * servo. What each instruction asks is DynamixelBus's (bus.ts).
 */
import type { ByteTransport } from '../../transport/byte-transport';
import type { ReplyCheck } from '../transaction/errors';
import { busTiming, type BusTimingOptions } from '../transaction/transactor-bus';
import {
  PacketTransactor,
  type Exchange,
  type Reply,
  type ReplyParser,
} from '../transaction/packet-transactor';
import { DynamixelStatusError } from './bus-errors';
import { describeInstruction, describeStatus } from './describe';
import { decodeFastReadReply } from './fast-read';
import { InstructionPacketParser, StatusPacketParser } from './packet';
import { BROADCAST_ID, instructionName } from './protocol';

export type { CallOptions, TrafficEvent } from '../transaction/packet-transactor';

export interface DynamixelBusOptions extends BusTimingOptions {
  /** Servo Return Delay Time in µs: register 9 holds 250 by default, in 2 µs units = 500 µs. */
  returnDelayUs?: number;
  /** Status Return Level the servos are set to; below 2, writes get no reply. Default 2. */
  statusReturnLevel?: number;
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

/** What one transaction waits for: the shared engine's exchange, named by its instruction. */
export interface Expectation extends Pick<Exchange, 'build' | 'ids' | 'lengthOf' | 'windowMs'> {
  instruction: number;
  /** One combined reply for all ids (Fast Sync/Bulk Read). */
  fast?: boolean;
}

export interface StatusExchange extends Exchange {
  instruction: number;
}

export const STATUS_OVERHEAD = 11; // header 4, id, len 2, inst, err, crc 2

const CRC_REPLY_CHECK: ReplyCheck = { name: 'CRC', code: 'reply_crc_error', wiring: 'termination' };

export function withDefaults(options: DynamixelBusOptions): Required<DynamixelBusOptions> {
  return {
    ...busTiming(options),
    statusReturnLevel: options.statusReturnLevel ?? 2,
  };
}

/** The engine wired for status packets; the status error byte (bits 0–6) refuses a command. */
export function statusTransactor(
  transport: ByteTransport,
  options: Required<DynamixelBusOptions>,
): PacketTransactor<StatusExchange> {
  const parser = new StatusPacketParser({
    maxLength: 8192,
    onDiscard: (bytes, reason) => engine.noteDiscard(bytes, reason === 'crc'),
  });
  const replies: ReplyParser = {
    push: (chunk) => parser.push(chunk),
    reset: () => parser.reset(),
    get stats() {
      const { crcErrors, garbageBytes } = parser.stats;
      return { checksumErrors: crcErrors, garbageBytes };
    },
  };
  const echoDescriber = new InstructionPacketParser();
  const engine = new PacketTransactor<StatusExchange>(transport, replies, {
    retries: options.retries,
    returnDelayUs: options.returnDelayUs,
    latencyMarginMs: options.latencyMarginMs,
    replyOverhead: STATUS_OVERHEAD,
    replyCheck: CRC_REPLY_CHECK,
    commandError: (exchange, reply) =>
      (reply.error & 0x7f) !== 0
        ? new DynamixelStatusError(exchange.instruction, reply.id, reply.error)
        : undefined,
    refusalsOfAnyLength: true,
    describeTx: (bytes) => {
      echoDescriber.reset();
      const [packet] = echoDescriber.push(bytes);
      return packet ? describeInstruction(packet) : `raw ${bytes.length} byte(s)`;
    },
    describeRx: describeStatus,
  });
  return engine;
}

export function countersOf(engine: PacketTransactor<StatusExchange>): BusCounters {
  const { tx, rx, timeouts, checksumErrors, garbageBytes, retries, statusErrors } = engine.counters;
  return { tx, rx, timeouts, crcErrors: checksumErrors, garbageBytes, retries, statusErrors };
}

export function statusExchange(expect: Expectation): StatusExchange {
  const { fast, ...exchange } = expect;
  const named = { ...exchange, name: instructionName(expect.instruction) };
  if (!fast) return named;
  return {
    ...named,
    split: splitFastReply,
    replyBytes: (ids) => [
      STATUS_OVERHEAD + ids.reduce((sum, id) => sum + (expect.lengthOf(id) ?? 0) + 4, 0),
    ],
  };
}

/** A Fast Sync/Bulk Read reply (broadcast id) as one reply a servo. */
function splitFastReply(reply: Reply, lengthOf: (id: number) => number | undefined): Reply[] {
  if (reply.id !== BROADCAST_ID) return [];
  return decodeFastReadReply(reply, lengthOf).map((block) => ({
    id: block.id,
    error: block.error,
    params: block.data,
    bytes: reply.bytes,
  }));
}
