import type { ByteTransport } from '../../../transport/byte-transport';
import { decodeUint, u16 } from '../bytes';
import { StatusErrorCode } from '../errors';
import { encodeFastReadReply, type FastReadBlock } from '../fast-read';
import { encodeStatusPacket, InstructionPacketParser, type InstructionPacket } from '../packet';
import { BROADCAST_ID, FactoryResetOption, Instruction, StatusReturnLevel } from '../protocol';
import { BusSimulatorBase } from '../../sim-bus/bus-simulator-base';
import type {
  OutgoingReply,
  SimulatedBusOptions,
  SimulatedBusStats,
} from '../../sim-bus/simulated-bus';
import type { ServoModel } from './servo-model';

export type BusSimulatorOptions = SimulatedBusOptions;
export type BusSimulatorStats = SimulatedBusStats;

/** A reply and which servo sends it (its Return Delay Time and link faults apply). */
type Reply = OutgoingReply<ServoModel>;

/**
 * Several simulated servos on one serial line, answering byte for byte like the hardware:
 * broadcast ping in id order, Sync/Bulk Read replies in request order, one combined packet for
 * Fast Sync/Bulk Read, each reply after the servo's Return Delay Time.
 */
export class DynamixelBusSimulator extends BusSimulatorBase<ServoModel> {
  private readonly parser = new InstructionPacketParser({
    onCrcError: (id) => this.onCrcError(id),
  });

  constructor(transport: ByteTransport, servos: ServoModel[], options: BusSimulatorOptions = {}) {
    super(transport, servos, options);
  }

  protected receive(chunk: Buffer): void {
    for (const packet of this.parser.push(chunk)) this.handle(packet);
  }

  private onCrcError(id: number): void {
    this.bus.stats.crcErrors++;
    const servo = this.bus.servo(id);
    if (servo)
      this.send([
        { servo, bytes: encodeStatusPacket(id, servo.statusError(StatusErrorCode.CrcError)) },
      ]);
  }

  private handle(packet: InstructionPacket): void {
    this.bus.instructionArrived();
    const { id, instruction, params } = packet;
    const broadcast = id === BROADCAST_ID;
    const targets = broadcast ? this.servos : [this.bus.servo(id)].flatMap((s) => s ?? []);
    if (targets.length === 0) return;
    switch (instruction) {
      case Instruction.Ping:
        return this.send(
          targets.map((s) => ({
            servo: s,
            bytes: encodeStatusPacket(s.id, s.statusError(), [
              ...u16(s.get('modelNumber')),
              s.get('firmwareVersion'),
            ]),
          })),
        );
      case Instruction.Read: {
        const servo = targets[0];
        if (broadcast || !servo || params.length !== 4)
          return this.ackAll(targets, broadcast, StatusErrorCode.DataLengthError);
        return this.send(this.readReply(servo, decodeUint(params, 0, 2), decodeUint(params, 2, 2)));
      }
      case Instruction.Write:
      case Instruction.RegWrite: {
        if (params.length < 3)
          return this.ackAll(targets, broadcast, StatusErrorCode.DataLengthError);
        const address = decodeUint(params, 0, 2);
        const data = params.slice(2);
        const codes = targets.map((s) =>
          instruction === Instruction.Write ? s.write(address, data) : s.regWrite(address, data),
        );
        return this.ackAll(targets, broadcast, codes);
      }
      case Instruction.Action:
        return this.ackAll(
          targets,
          broadcast,
          targets.map((s) => s.action()),
        );
      case Instruction.FactoryReset: {
        const option = params[0] ?? FactoryResetOption.All;
        // Broadcast "reset all" would give every servo id 1: the firmware ignores it.
        if (broadcast && option === FactoryResetOption.All) return;
        this.ackAll(targets, broadcast, 0);
        targets.forEach((s) => this.rekey(s, () => s.factoryReset(option)));
        return;
      }
      case Instruction.Reboot:
        this.ackAll(targets, broadcast, 0);
        targets.forEach((s) => s.reboot());
        return;
      case Instruction.Clear:
        return this.ackAll(
          targets,
          broadcast,
          targets.map((s) => s.clear(params)),
        );
      case Instruction.SyncRead:
      case Instruction.FastSyncRead:
        if (broadcast && params.length >= 5)
          this.syncRead(instruction === Instruction.FastSyncRead, params);
        return;
      case Instruction.SyncWrite:
        if (broadcast) this.syncWrite(params);
        return;
      case Instruction.BulkRead:
      case Instruction.FastBulkRead:
        if (broadcast) this.bulkRead(instruction === Instruction.FastBulkRead, params);
        return;
      case Instruction.BulkWrite:
        if (broadcast) this.bulkWrite(params);
        return;
      default:
        return this.ackAll(targets, broadcast, StatusErrorCode.InstructionError);
    }
  }

  private readReply(servo: ServoModel, address: number, length: number): Reply[] {
    if (servo.statusReturnLevel < StatusReturnLevel.PingAndRead) return [];
    const { error, data } = servo.read(address, length);
    return [{ servo, bytes: encodeStatusPacket(servo.id, servo.statusError(error), data) }];
  }

  /** Status for Write-like instructions: none for broadcast or Status Return Level < 2. */
  private ackAll(targets: ServoModel[], broadcast: boolean, codes: number | number[]): void {
    if (broadcast) return;
    const replies = targets.flatMap((servo, i) => {
      const code = typeof codes === 'number' ? codes : (codes[i] ?? 0);
      if (servo.statusReturnLevel < StatusReturnLevel.All && code === 0) return [];
      return [{ servo, bytes: encodeStatusPacket(servo.id, servo.statusError(code)) }];
    });
    this.send(replies);
  }

  private syncRead(fast: boolean, params: Uint8Array): void {
    const address = decodeUint(params, 0, 2);
    const length = decodeUint(params, 2, 2);
    const servos = Array.from(params.subarray(4)).flatMap((id) => this.bus.servo(id) ?? []);
    this.groupRead(
      fast,
      servos.map((servo) => ({ servo, address, length })),
    );
  }

  private bulkRead(fast: boolean, params: Uint8Array): void {
    const reads: { servo: ServoModel; address: number; length: number }[] = [];
    for (let o = 0; o + 5 <= params.length; o += 5) {
      const servo = this.bus.servo(params[o] ?? -1);
      if (servo)
        reads.push({
          servo,
          address: decodeUint(params, o + 1, 2),
          length: decodeUint(params, o + 3, 2),
        });
    }
    this.groupRead(fast, reads);
  }

  private groupRead(
    fast: boolean,
    reads: { servo: ServoModel; address: number; length: number }[],
  ): void {
    const answering = reads.filter(
      (r) => r.servo.statusReturnLevel >= StatusReturnLevel.PingAndRead,
    );
    if (!fast) {
      this.send(answering.flatMap((r) => this.readReply(r.servo, r.address, r.length)));
      return;
    }
    const first = answering[0];
    if (!first) return;
    const blocks: FastReadBlock[] = answering.map(({ servo, address, length }) => {
      const { error, data } = servo.read(address, length);
      return {
        id: servo.id,
        error: servo.statusError(error),
        data: error ? new Uint8Array(length) : data,
      };
    });
    this.send([{ servo: first.servo, bytes: encodeFastReadReply(blocks) }]);
  }

  private syncWrite(params: Uint8Array): void {
    const address = decodeUint(params, 0, 2);
    const length = decodeUint(params, 2, 2);
    for (let o = 4; o + 1 + length <= params.length; o += 1 + length) {
      this.bus.servo(params[o] ?? -1)?.write(address, params.slice(o + 1, o + 1 + length));
    }
  }

  private bulkWrite(params: Uint8Array): void {
    let o = 0;
    while (o + 5 <= params.length) {
      const id = params[o] ?? -1;
      const address = decodeUint(params, o + 1, 2);
      const length = decodeUint(params, o + 3, 2);
      this.bus.servo(id)?.write(address, params.slice(o + 5, o + 5 + length));
      o += 5 + length;
    }
  }

  /** A servo whose ID changed (factory reset) answers to the new one. */
  private rekey(servo: ServoModel, change: () => void): void {
    this.bus.rekey(servo, change);
  }

  private send(replies: Reply[]): void {
    this.bus.send(replies);
  }
}
