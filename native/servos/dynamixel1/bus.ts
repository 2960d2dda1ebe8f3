import type { ByteTransport } from '../../transport/byte-transport';
import { PacketBus } from '../checksum-packet/packet-bus';
import { ServoBusError } from '../transaction/errors';
import { busTiming, type BusTimingOptions } from '../transaction/transactor-bus';
import type { CallOptions, Reply } from '../transaction/packet-transactor';
import { describeDynamixel1Reply, describeDynamixel1Request } from './describe';
import * as build from './instructions';
import type { Dynamixel1BulkReadEntry } from './instructions';
import {
  identifyDynamixel1,
  IDENTITY_ADDRESS,
  IDENTITY_LENGTH,
  type Dynamixel1Identity,
} from './models';
import { StatusReturnLevel } from './protocol';
import { COMMAND_ERROR_MASK, decodeDynamixel1Error, HARDWARE_ERROR_MASK } from './status';

export interface Dynamixel1BusOptions extends BusTimingOptions {
  /** Return Delay Time in µs: register 5 ships at 250 (× 2 µs) = 500 µs. */
  returnDelayUs?: number;
  /** Status Return Level (16) the servos are set to; below 2, writes get no reply. Default 2. */
  statusReturnLevel?: number;
}

export interface Dynamixel1Result {
  id: number;
  /** Input voltage / overheating / overload bits the servo reported with this reply. */
  hardwareError: number;
}

export interface Dynamixel1ReadResult extends Dynamixel1Result {
  data: Uint8Array;
}

export interface Dynamixel1Identified extends Dynamixel1Identity, Dynamixel1Result {}

/** The servo refused the command (angle limit, range, checksum or instruction error). */
export class Dynamixel1StatusError extends ServoBusError {
  constructor(
    readonly instruction: string,
    readonly id: number,
    readonly error: number,
  ) {
    const [first] = decodeDynamixel1Error(error & COMMAND_ERROR_MASK);
    const human = first ?? {
      code: 'refused',
      en: 'The servo refused the command.',
      ja: 'サーボがコマンドを拒否しました。',
      advice: {
        en: 'Check the command against the control table.',
        ja: 'コントロールテーブルと照らし合わせてください。',
      },
    };
    super(`Dynamixel 1.0 ${instruction} on servo ${id}: ${human.en} ${human.advice.en}`, human);
    this.name = 'Dynamixel1StatusError';
  }
}

/** A Protocol 1.0 bus (AX, MX with 1.0 firmware) on one serial line. */
export class Dynamixel1Bus extends PacketBus<Dynamixel1Result, Dynamixel1ReadResult> {
  constructor(transport: ByteTransport, options: Dynamixel1BusOptions = {}) {
    super(transport, {
      family: 'Dynamixel 1.0',
      ...busTiming(options),
      answersWrites: (options.statusReturnLevel ?? StatusReturnLevel.All) >= StatusReturnLevel.All,
      commandError: (exchange, reply) =>
        reply.error & COMMAND_ERROR_MASK
          ? new Dynamixel1StatusError(exchange.name, reply.id, reply.error)
          : undefined,
      describeTx: describeDynamixel1Request,
      describeRx: describeDynamixel1Reply,
      build,
      ackOf: result,
      readOf: (reply, id) => ({ ...result(reply, id), data: reply?.params ?? new Uint8Array(0) }),
    });
  }

  /** Ping, then read Model Number and Firmware Version (as DynamixelSDK's 1.0 ping does). */
  async identify(id: number, options: CallOptions = {}): Promise<Dynamixel1Identified> {
    await this.ping(id, options);
    const { data, hardwareError } = await this.read(id, IDENTITY_ADDRESS, IDENTITY_LENGTH, options);
    return { id, hardwareError, ...identifyDynamixel1(data) };
  }

  /** Everything back to factory values, the id included (it becomes 1). */
  async factoryReset(id: number, options: CallOptions = {}): Promise<Dynamixel1Result | undefined> {
    const reply = await this.acknowledged(options, 'Factory Reset', id, () =>
      build.buildFactoryReset(id),
    );
    return reply && result(reply, id);
  }

  /** MX only: each servo answers after the one before it, in the order asked. */
  async bulkRead(
    entries: readonly Dynamixel1BulkReadEntry[],
    options: CallOptions = {},
  ): Promise<Dynamixel1ReadResult[]> {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const make = (missing: readonly number[]) =>
      build.buildBulkRead(missing.flatMap((id) => byId.get(id) ?? []));
    const ids = entries.map((e) => e.id);
    const replies = await this.request(
      options,
      'Bulk Read',
      make,
      ids,
      (id) => byId.get(id)?.length,
    );
    return replies.map((reply) => ({ ...result(reply, reply.id), data: reply.params }));
  }
}

function result(reply: Reply | undefined, id: number): Dynamixel1Result {
  return { id: reply?.id ?? id, hardwareError: (reply?.error ?? 0) & HARDWARE_ERROR_MASK };
}
