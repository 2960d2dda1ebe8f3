import { encodeFrame, type ChecksumFrame } from '../../checksum-packet/packet';
import {
  ChecksumBusSimulator,
  type Addressees,
} from '../../checksum-packet/sim/checksum-bus-simulator';
import type { OutgoingReply } from '../../sim-bus/simulated-bus';
import { FeetechInstruction, ResponseLevel } from '../protocol';
import type { FeetechServoModel } from './feetech-servo-model';

type Reply = OutgoingReply<FeetechServoModel>;

/**
 * Feetech servos on one serial line, answering byte for byte as the firmware does (Feetech
 * manual §1.3): a damaged packet gets no reply; Ping always answers, also broadcast (STS only,
 * in id order); Read always answers; writes answer only at Response Status Level 1 and never to
 * broadcast; Sync Read (STS only) answers in the order the ids were asked; a reply to a write of
 * the ID register still comes from the old id.
 */
export class FeetechBusSimulator extends ChecksumBusSimulator<FeetechServoModel> {
  /** Every servo loses power and gets it back: unsaved EEPROM changes are gone. */
  powerCycle(): void {
    for (const servo of this.bus.servos) this.bus.rekey(servo, () => servo.powerCycle());
  }

  protected handle(frame: ChecksumFrame, to: Addressees<FeetechServoModel>): void {
    const { code, params } = frame;
    const { broadcast, one, targets } = to;
    switch (code) {
      case FeetechInstruction.Ping:
        return this.send(
          targets
            .filter((s) => !broadcast || s.table.supportsBroadcastPing)
            .map((s) => status(s, s.id)),
        );
      case FeetechInstruction.Read: {
        if (broadcast || !one || params.length !== 2) return;
        const [address = 0, length = 0] = params;
        return this.send([status(one, one.id, one.read(address, length))]);
      }
      case FeetechInstruction.Write:
      case FeetechInstruction.RegWrite: {
        if (params.length < 2) return;
        const address = params[0] ?? 0;
        const data = params.slice(1);
        return this.acknowledge(targets, broadcast, (s) =>
          code === FeetechInstruction.Write ? s.write(address, data) : s.regWrite(address, data),
        );
      }
      case FeetechInstruction.Action:
        return this.acknowledge(targets, broadcast, (s) => s.action());
      case FeetechInstruction.Reset:
        if (broadcast) return;
        return this.acknowledge(targets, broadcast, (s) => s.factoryReset());
      case FeetechInstruction.StateReset:
        return this.acknowledge(targets, broadcast, () => undefined);
      case FeetechInstruction.SyncRead:
        if (broadcast && params.length >= 3) this.syncRead(params);
        return;
      case FeetechInstruction.SyncWrite:
        if (broadcast) this.syncWrite(params);
        return;
      default:
        return;
    }
  }

  protected answersWrites(servo: FeetechServoModel): boolean {
    return servo.responseLevel >= ResponseLevel.All;
  }

  /** Feetech replies carry no command errors: the status byte only. */
  protected writeReply(servo: FeetechServoModel, id: number): Reply {
    return status(servo, id);
  }

  private syncRead(params: Uint8Array): void {
    const address = params[0] ?? 0;
    const length = params[1] ?? 0;
    const replies = Array.from(params.subarray(2)).flatMap((id) => {
      const servo = this.bus.servo(id);
      return servo?.table.supportsSyncRead ? [status(servo, id, servo.read(address, length))] : [];
    });
    this.send(replies);
  }
}

function status(servo: FeetechServoModel, id: number, data: ArrayLike<number> = []): Reply {
  return { servo, bytes: encodeFrame(id, servo.status, data) };
}
