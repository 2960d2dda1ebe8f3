import { wireTimeMs, type ByteTransport } from '../../../transport/byte-transport';
import { decodeUint, u16 } from '../bytes';
import { StatusErrorCode } from '../errors';
import { encodeFastReadReply, type FastReadBlock } from '../fast-read';
import { encodeStatusPacket, InstructionPacketParser, type InstructionPacket } from '../packet';
import { BROADCAST_ID, FactoryResetOption, Instruction, StatusReturnLevel } from '../protocol';
import { FaultInjector, type FaultSpec } from '../../physics/faults';
import type { ServoModel } from './servo-model';

export interface BusSimulatorOptions {
  /** Power supply voltage at no load. */
  supplyV?: number;
  /** Supply and cable resistance: the bus sags as the servos draw current. */
  supplyResistanceOhm?: number;
  ambientC?: number;
  /** Seed for fault randomness (noise, dropped replies). */
  seed?: number;
  physicsHz?: number;
  /** Run physics on a timer; tests pass false and call `step`. */
  autoStart?: boolean;
}

export interface BusSimulatorStats {
  instructions: number;
  crcErrors: number;
  replies: number;
  droppedReplies: number;
  corruptedReplies: number;
}

/** A reply and which servo sends it (its Return Delay Time and link faults apply). */
interface Reply {
  servo: ServoModel;
  bytes: Uint8Array;
}

/**
 * Several simulated servos on one serial line, answering byte for byte like the hardware:
 * broadcast ping in id order, Sync/Bulk Read replies in request order, one combined packet for
 * Fast Sync/Bulk Read, each reply after the servo's Return Delay Time.
 */
export class DynamixelBusSimulator {
  readonly faults: FaultInjector;
  readonly stats: BusSimulatorStats = {
    instructions: 0,
    crcErrors: 0,
    replies: 0,
    droppedReplies: 0,
    corruptedReplies: 0,
  };
  timeS = 0;
  private readonly byId = new Map<number, ServoModel>();
  private readonly parser: InstructionPacketParser;
  private readonly options: Required<BusSimulatorOptions>;
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | undefined;
  private outbox: Promise<void> = Promise.resolve();
  private readonly drops = new Map<number, number>();
  private busV: number;

  constructor(
    readonly transport: ByteTransport,
    servos: ServoModel[],
    options: BusSimulatorOptions = {},
  ) {
    this.options = {
      supplyV: options.supplyV ?? 12,
      supplyResistanceOhm: options.supplyResistanceOhm ?? 0.15,
      ambientC: options.ambientC ?? 25,
      seed: options.seed ?? 1,
      physicsHz: options.physicsHz ?? 200,
      autoStart: options.autoStart ?? true,
    };
    this.busV = this.options.supplyV;
    this.faults = new FaultInjector(this.options.seed);
    for (const servo of servos) this.byId.set(servo.id, servo);
    this.parser = new InstructionPacketParser({ onCrcError: (id) => this.onCrcError(id) });
    this.unsubscribe = transport.onData((chunk) => {
      for (const packet of this.parser.push(chunk)) this.handle(packet);
    });
    if (this.options.autoStart) this.start();
  }

  get servos(): ServoModel[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get busVoltageV(): number {
    return this.busV;
  }

  servo(id: number): ServoModel | undefined {
    return this.byId.get(id);
  }

  injectFault(spec: FaultSpec): void {
    this.faults.add(spec, this.timeS);
  }

  /** A person moving a joint by hand while its torque is off (for teaching); null lets go. */
  setExternalHand(id: number, positionRad: number | null): void {
    this.byId.get(id)?.setExternalHand(positionRad);
  }

  /** The next `count` replies from `id` are lost on the wire (a deterministic link fault). */
  dropNextReplies(id: number, count: number): void {
    this.drops.set(id, count);
  }

  /**
   * Runs the physics in real time. Timers fire late and unevenly (a 5 ms interval runs ~10 %
   * slow on an idle machine, worse under load), so each tick steps as many fixed steps as the
   * wall clock says are due: positions then move as the reported velocities say over the time
   * stamps the app gives the samples. After a long stall (a debugger, a suspended laptop) it
   * catches up at most 250 ms rather than jumping.
   */
  start(): void {
    if (this.timer) return;
    const dt = 1 / this.options.physicsHz;
    let last = performance.now();
    let dueS = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      dueS = Math.min(dueS + (now - last) / 1000, 0.25);
      last = now;
      while (dueS >= dt) {
        this.step(dt);
        dueS -= dt;
      }
    }, 1000 * dt);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stop();
    this.unsubscribe();
  }

  /** Advances physics by `dt` seconds (call repeatedly for long spans). */
  step(dt: number): void {
    const total = this.servos.reduce((sum, s) => sum + s.supplyCurrentA, 0);
    const sag = this.faults.level('voltage_sag', -1, this.timeS) * 3;
    this.busV = this.options.supplyV - sag - this.options.supplyResistanceOhm * total;
    const env = {
      timeS: this.timeS,
      supplyV: this.busV,
      ambientC: this.options.ambientC,
      faults: this.faults,
    };
    for (const servo of this.byId.values()) servo.step(dt, env);
    this.timeS += dt;
  }

  /** Steps `seconds` of simulated time in physics-rate increments. */
  run(seconds: number): void {
    const dt = 1 / this.options.physicsHz;
    for (let t = 0; t < seconds - 1e-9; t += dt) this.step(dt);
  }

  private onCrcError(id: number): void {
    this.stats.crcErrors++;
    const servo = this.byId.get(id);
    if (servo)
      this.send([
        { servo, bytes: encodeStatusPacket(id, servo.statusError(StatusErrorCode.CrcError)) },
      ]);
  }

  private handle(packet: InstructionPacket): void {
    this.stats.instructions++;
    const { id, instruction, params } = packet;
    const broadcast = id === BROADCAST_ID;
    const targets = broadcast ? this.servos : [this.byId.get(id)].flatMap((s) => s ?? []);
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
    const servos = Array.from(params.subarray(4)).flatMap((id) => this.byId.get(id) ?? []);
    this.groupRead(
      fast,
      servos.map((servo) => ({ servo, address, length })),
    );
  }

  private bulkRead(fast: boolean, params: Uint8Array): void {
    const reads: { servo: ServoModel; address: number; length: number }[] = [];
    for (let o = 0; o + 5 <= params.length; o += 5) {
      const servo = this.byId.get(params[o] ?? -1);
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
      this.byId.get(params[o] ?? -1)?.write(address, params.slice(o + 1, o + 1 + length));
    }
  }

  private bulkWrite(params: Uint8Array): void {
    let o = 0;
    while (o + 5 <= params.length) {
      const id = params[o] ?? -1;
      const address = decodeUint(params, o + 1, 2);
      const length = decodeUint(params, o + 3, 2);
      this.byId.get(id)?.write(address, params.slice(o + 5, o + 5 + length));
      o += 5 + length;
    }
  }

  /** A servo whose ID changed (factory reset) answers to the new one. */
  private rekey(servo: ServoModel, change: () => void): void {
    this.byId.delete(servo.id);
    change();
    this.byId.set(servo.id, servo);
  }

  /**
   * Puts replies on the wire one after another, each after its servo's Return Delay Time,
   * applying link faults (lost replies, corrupted bytes, line noise).
   */
  private send(replies: Reply[]): void {
    for (const reply of replies) {
      const bytes = this.degrade(reply);
      const delayMs = reply.servo.returnDelayS * 1000;
      const wireMs = bytes ? wireTimeMs(bytes.length, this.transport.baudRate) : 0;
      this.outbox = this.outbox
        .then(() => sleep(delayMs + wireMs))
        .then(async () => {
          if (bytes && this.transport.isOpen) await this.transport.write(bytes);
        })
        .catch(() => undefined);
    }
  }

  private degrade(reply: Reply): Uint8Array | undefined {
    const id = reply.servo.id;
    const pending = this.drops.get(id) ?? 0;
    if (pending > 0) {
      this.drops.set(id, pending - 1);
      this.stats.droppedReplies++;
      return undefined;
    }
    const level = this.faults.level('link_degradation', id, this.timeS);
    if (level <= 0) {
      this.stats.replies++;
      return reply.bytes;
    }
    const random = this.faults.random;
    if (random.next() < 0.4 * level) {
      this.stats.droppedReplies++;
      return undefined;
    }
    let bytes = reply.bytes.slice();
    if (random.next() < 0.3 * level) {
      const at = random.int(bytes.length);
      bytes[at] = (bytes[at] ?? 0) ^ (1 + random.int(255));
      this.stats.corruptedReplies++;
    }
    if (random.next() < 0.3 * level) {
      const noise = Uint8Array.from({ length: 1 + random.int(4) }, () => random.int(256));
      bytes = Uint8Array.from([...noise, ...bytes]);
    }
    this.stats.replies++;
    return bytes;
  }
}

/**
 * Node's timers have a 1 ms floor, which would stretch a sub-millisecond reply delay (a fast
 * baud rate with a short Return Delay Time) several times over; below 1 ms the reply goes out on
 * the next turn of the event loop instead (the serial hop adds its own latency).
 */
function sleep(ms: number): Promise<void> {
  if (ms < 1) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
