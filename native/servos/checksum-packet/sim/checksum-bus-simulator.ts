import { ChecksumPacketFramer } from '../framer';
import { BROADCAST_ID_BYTE, type ChecksumFrame } from '../packet';
import { BusSimulatorBase, type HandMovable } from '../../sim-bus/bus-simulator-base';
import type { OutgoingReply, SimulatedServo } from '../../sim-bus/simulated-bus';

/** Who an instruction is for: every servo (broadcast) or the one with its id. */
export interface Addressees<S> {
  broadcast: boolean;
  /** The servo with the frame's id, if there is one. */
  one: S | undefined;
  /** All servos for a broadcast, else the one; never empty. */
  targets: S[];
}

/**
 * What a checksum-packet family's bus simulator shares (Dynamixel 1.0, Feetech): frames off the
 * wire, damaged ones counted, instructions for nobody on the bus ignored, Sync Write applied.
 * A family answers each instruction as its firmware does (`handle`).
 */
export abstract class ChecksumBusSimulator<
  S extends SimulatedServo & HandMovable & { write(address: number, data: Uint8Array): unknown },
> extends BusSimulatorBase<S> {
  private readonly framer = new ChecksumPacketFramer({
    onDiscard: (bytes, reason) => {
      if (reason !== 'checksum') return;
      this.bus.stats.crcErrors++;
      this.damagedPacket(bytes[2] ?? BROADCAST_ID_BYTE);
    },
  });

  protected receive(chunk: Buffer): void {
    for (const frame of this.framer.push(chunk)) {
      this.bus.instructionArrived();
      const broadcast = frame.id === BROADCAST_ID_BYTE;
      const one = this.bus.servo(frame.id);
      const targets = broadcast ? this.bus.servos : one ? [one] : [];
      if (targets.length > 0) this.handle(frame, { broadcast, one, targets });
    }
  }

  protected abstract handle(frame: ChecksumFrame, to: Addressees<S>): void;

  /** The servo is set to answer writes (its status or response level). */
  protected abstract answersWrites(servo: S): boolean;

  /** The reply to a write-like command, from `id`, with the command's error bits (0 = applied). */
  protected abstract writeReply(servo: S, id: number, error: number): OutgoingReply<S>;

  /**
   * Applies a command to each target, rekeying a servo whose id changed; those set to answer
   * writes reply from their old id, never to a broadcast.
   */
  protected acknowledge(
    targets: S[],
    broadcast: boolean,
    apply: (servo: S) => number | void,
  ): void {
    const replies: OutgoingReply<S>[] = [];
    for (const servo of targets) {
      const oldId = servo.id;
      const answers = !broadcast && this.answersWrites(servo);
      let error = 0;
      this.bus.rekey(servo, () => {
        error = apply(servo) ?? 0;
      });
      if (answers) replies.push(this.writeReply(servo, oldId, error));
    }
    this.send(replies);
  }

  /** A packet that failed its checksum, addressed to `id`; the servo stays silent unless overridden. */
  protected damagedPacket(id: number): void {
    void id;
  }

  /** `address, length, (id, data…)…`: every listed servo takes its data; nobody answers. */
  protected syncWrite(params: Uint8Array): void {
    const address = params[0] ?? 0;
    const length = params[1] ?? 0;
    if (length === 0) return;
    for (let o = 2; o + 1 + length <= params.length; o += 1 + length) {
      const servo = this.bus.servo(params[o] ?? -1);
      if (servo)
        this.bus.rekey(servo, () => servo.write(address, params.slice(o + 1, o + 1 + length)));
    }
  }

  protected send(replies: OutgoingReply<S>[]): void {
    this.bus.send(replies);
  }
}
