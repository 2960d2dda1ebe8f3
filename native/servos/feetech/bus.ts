import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { PacketBus } from '../checksum-packet/packet-bus';
import { busTiming, type BusTimingOptions } from '../transaction/transactor-bus';
import { FRAME_OVERHEAD } from '../checksum-packet/packet';
import type { CallOptions, Reply } from '../transaction/packet-transactor';
import { describeFeetechReply, describeFeetechRequest } from './describe';
import * as build from './instructions';
import { identifyFeetech, IDENTITY_ADDRESS, IDENTITY_LENGTH, type FeetechIdentity } from './models';
import { BROADCAST_ID, MAX_SERVO_ID, ResponseLevel } from './protocol';

export interface FeetechBusOptions extends BusTimingOptions {
  /** Return Delay Time in µs: register 7 ships at 250 (× 2 µs) on STS3215 (LeRobot sets it to 0). */
  returnDelayUs?: number;
  /** Response Status Level (8) the servos are set to; at 0 writes get no reply. Default 1. */
  responseLevel?: number;
}

export interface FeetechReadResult {
  id: number;
  data: Uint8Array;
  /** The status byte (Status register 65): 0 when healthy, see FeetechStatusBit. */
  status: number;
}

export interface FeetechAck {
  id: number;
  status: number;
}

export interface FeetechIdentified extends FeetechIdentity {
  id: number;
  status: number;
}

/**
 * A Feetech STS/SCS bus on one serial line. Feetech replies carry no command errors, so every
 * call resolves with the servo's status byte; a missing reply is retried, then a timeout.
 */
export class FeetechBus extends PacketBus<FeetechAck, FeetechReadResult> {
  constructor(transport: ByteTransport, options: FeetechBusOptions = {}) {
    super(transport, {
      family: 'Feetech',
      ...busTiming(options),
      answersWrites: (options.responseLevel ?? ResponseLevel.All) >= ResponseLevel.All,
      commandError: () => undefined,
      describeTx: describeFeetechRequest,
      describeRx: describeFeetechReply,
      build,
      ackOf: ack,
      readOf: readResult,
    });
  }

  /** STS/SMS servos answer a broadcast Ping in id order; SCS servos stay silent. */
  async broadcastPing(options: CallOptions & { windowMs?: number } = {}): Promise<FeetechAck[]> {
    const perReply =
      wireTimeMs(FRAME_OVERHEAD, this.transport.baudRate) + this.config.returnDelayUs / 1000;
    const replies = await this.transactor.run(options, {
      name: 'Ping',
      build: () => build.buildPing(BROADCAST_ID),
      ids: [],
      lengthOf: () => 0,
      windowMs: options.windowMs ?? (MAX_SERVO_ID + 1) * perReply + this.config.latencyMarginMs,
    });
    const byId = new Map<number, FeetechAck>();
    for (const reply of replies)
      if (reply.params.length === 0 && reply.id <= MAX_SERVO_ID)
        byId.set(reply.id, ack(reply, reply.id));
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Ping, then read firmware and model number (a Feetech Ping reply carries neither). */
  async identify(id: number, options: CallOptions = {}): Promise<FeetechIdentified> {
    await this.ping(id, options);
    const { data, status } = await this.read(id, IDENTITY_ADDRESS, IDENTITY_LENGTH, options);
    return { id, status, ...identifyFeetech(data) };
  }

  /** Factory values back, id and baud included (Feetech manual §1.3.8). */
  async reset(id: number, options: CallOptions = {}): Promise<FeetechAck | undefined> {
    const reply = await this.acknowledged(options, 'Reset', id, () => build.buildReset(id));
    return reply && ack(reply, id);
  }

  /** STS/SMS only: each servo answers in the order asked. */
  async syncRead(
    address: number,
    length: number,
    ids: readonly number[],
    options: CallOptions = {},
  ): Promise<FeetechReadResult[]> {
    const make = (missing: readonly number[]) => build.buildSyncRead(address, length, missing);
    const replies = await this.request(options, 'Sync Read', make, ids, () => length);
    return replies.map((reply) => readResult(reply, reply.id));
  }
}

function ack(reply: Reply | undefined, id: number): FeetechAck {
  return { id: reply?.id ?? id, status: reply?.error ?? 0 };
}

function readResult(reply: Reply | undefined, id: number): FeetechReadResult {
  return {
    id: reply?.id ?? id,
    data: reply?.params ?? new Uint8Array(0),
    status: reply?.error ?? 0,
  };
}
