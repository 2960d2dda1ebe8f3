import { encodeFrame, type ChecksumFrame } from '../../checksum-packet/packet';
import {
  ChecksumBusSimulator,
  type Addressees,
} from '../../checksum-packet/sim/checksum-bus-simulator';
import type { OutgoingReply } from '../../sim-bus/simulated-bus';
import { Dynamixel1Instruction, StatusReturnLevel } from '../protocol';
import { Dynamixel1ErrorBit } from '../status';
import type { Dynamixel1ServoModel } from './dynamixel1-servo-model';

type Reply = OutgoingReply<Dynamixel1ServoModel>;

/**
 * Protocol 1.0 servos on one serial line, answering as the firmware does (e-Manual, "Protocol
 * 1.0"): Ping answers at every Status Return Level, Read from level 1, everything else at level
 * 2 and never to broadcast; a damaged packet addressed to a servo gets a Checksum Error; an
 * unknown instruction (Sync Read, Bulk Read on AX) an Instruction Error; Bulk Read replies (MX)
 * follow each other in request order. A broadcast Ping gets no reply: on a real bus every servo
 * would answer at once and collide.
 */
export class Dynamixel1BusSimulator extends ChecksumBusSimulator<Dynamixel1ServoModel> {
  /** Every servo loses power and gets it back (Lock clears, RAM resets). */
  powerCycle(): void {
    for (const servo of this.bus.servos) servo.powerCycle();
  }

  /** A damaged packet addressed to a servo gets a Checksum Error (at Status Return Level 2). */
  protected override damagedPacket(id: number): void {
    const servo = this.bus.servo(id);
    if (servo && servo.statusReturnLevel >= StatusReturnLevel.All)
      this.send([status(servo, id, Dynamixel1ErrorBit.Checksum)]);
  }

  protected handle(frame: ChecksumFrame, to: Addressees<Dynamixel1ServoModel>): void {
    const { id, code, params } = frame;
    const { broadcast, one, targets } = to;
    switch (code) {
      case Dynamixel1Instruction.Ping:
        if (!broadcast && one) this.send([status(one, id, 0)]);
        return;
      case Dynamixel1Instruction.Read: {
        if (broadcast || !one || one.statusReturnLevel < StatusReturnLevel.PingAndRead) return;
        if (params.length !== 2)
          return this.send([status(one, id, Dynamixel1ErrorBit.Instruction)]);
        const { error, data } = one.read(params[0] ?? 0, params[1] ?? 0);
        return this.send([status(one, id, error, data)]);
      }
      case Dynamixel1Instruction.Write:
      case Dynamixel1Instruction.RegWrite: {
        const address = params[0] ?? 0;
        const data = params.slice(1);
        return this.acknowledge(targets, broadcast, (s) =>
          params.length < 2
            ? Dynamixel1ErrorBit.Instruction
            : code === Dynamixel1Instruction.Write
              ? s.write(address, data)
              : s.regWrite(address, data),
        );
      }
      case Dynamixel1Instruction.Action:
        return this.acknowledge(targets, broadcast, (s) => s.action());
      case Dynamixel1Instruction.FactoryReset:
        if (broadcast) return;
        return this.acknowledge(targets, broadcast, (s) => {
          s.factoryReset();
          return 0;
        });
      case Dynamixel1Instruction.SyncWrite:
        if (broadcast) this.syncWrite(params);
        return;
      case Dynamixel1Instruction.BulkRead:
        if (broadcast) this.bulkRead(params);
        return;
      default:
        return this.acknowledge(targets, broadcast, () => Dynamixel1ErrorBit.Instruction);
    }
  }

  protected answersWrites(servo: Dynamixel1ServoModel): boolean {
    return servo.statusReturnLevel >= StatusReturnLevel.All;
  }

  protected writeReply(servo: Dynamixel1ServoModel, id: number, error: number): Reply {
    return status(servo, id, error);
  }

  /**
   * `00`, then (length, id, address) per servo. Each servo waits for the one listed before it to
   * finish its reply, so the chain stops at the first that stays silent (absent, or an AX).
   */
  private bulkRead(params: Uint8Array): void {
    const replies: Reply[] = [];
    for (let o = 1; o + 3 <= params.length; o += 3) {
      const servo = this.bus.servo(params[o + 1] ?? -1);
      if (!servo?.table.supportsBulkRead || servo.statusReturnLevel < StatusReturnLevel.PingAndRead)
        break;
      const { error, data } = servo.read(params[o + 2] ?? 0, params[o] ?? 0);
      replies.push(status(servo, servo.id, error, data));
    }
    this.send(replies);
  }
}

function status(
  servo: Dynamixel1ServoModel,
  id: number,
  command: number,
  data: ArrayLike<number> = [],
): Reply {
  return { servo, bytes: encodeFrame(id, servo.errorByte(command), data) };
}
