import { wireTimeMs, type ByteTransport } from '../../transport/byte-transport';
import { FaultInjector, type FaultSpec } from '../physics/faults';
import type { JointEnvironment } from '../physics/simulated-joint';

/**
 * What every family's bus simulator shares: several servos on one serial line, physics stepped
 * in real time (or by the test), the supply sagging with their current and with an injected
 * voltage_sag, and replies put on the wire one after another, each after its servo's Return
 * Delay Time and its own wire time, through the link faults (lost replies, flipped bytes, noise).
 * The family decides what to answer; this decides when and how it arrives.
 */
export interface SimulatedServo {
  readonly id: number;
  /** Seconds between the end of the request and the start of the reply. */
  readonly returnDelayS: number;
  readonly supplyCurrentA: number;
  step(dt: number, env: JointEnvironment): void;
}

export interface SimulatedBusOptions {
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

export interface SimulatedBusStats {
  instructions: number;
  crcErrors: number;
  replies: number;
  droppedReplies: number;
  corruptedReplies: number;
  /** Queued for an instruction the host had already moved past, and never sent. */
  cancelledReplies: number;
}

export interface OutgoingReply<S extends SimulatedServo> {
  servo: S;
  bytes: Uint8Array;
}

export class SimulatedBus<S extends SimulatedServo> {
  readonly faults: FaultInjector;
  readonly stats: SimulatedBusStats = {
    instructions: 0,
    crcErrors: 0,
    replies: 0,
    droppedReplies: 0,
    corruptedReplies: 0,
    cancelledReplies: 0,
  };
  timeS = 0;
  readonly options: Required<SimulatedBusOptions>;
  private readonly byId = new Map<number, S>();
  private readonly drops = new Map<number, number>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | undefined;
  private outbox: Promise<void> = Promise.resolve();
  /** Bumped by every new instruction: replies still queued for an older one are never sent. */
  private generation = 0;
  private busV: number;

  constructor(
    readonly transport: ByteTransport,
    servos: readonly S[],
    options: SimulatedBusOptions,
    onBytes: (chunk: Buffer) => void,
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
    this.unsubscribe = transport.onData(onBytes);
    if (this.options.autoStart) this.start();
  }

  get servos(): S[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get busVoltageV(): number {
    return this.busV;
  }

  servo(id: number): S | undefined {
    return this.byId.get(id);
  }

  injectFault(spec: FaultSpec): void {
    this.faults.add(spec, this.timeS);
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

  /** A servo whose id changed (a write to ID, a factory reset) answers to the new one. */
  rekey(servo: S, change: () => void): void {
    this.byId.delete(servo.id);
    change();
    this.byId.set(servo.id, servo);
  }

  /**
   * A new instruction arrived. Real servos answer within their return delay, so a host only
   * sends again once those replies are long over; if this process was starved and replies are
   * still queued, the host has given up on them, and sending them now would hand it an old
   * answer for its new question. They are dropped, as a bus the host spoke over would lose them.
   */
  instructionArrived(): void {
    this.stats.instructions++;
    this.generation++;
  }

  /** Puts replies on the wire one after another, each after its servo's return delay. */
  send(replies: readonly OutgoingReply<S>[]): void {
    const generation = this.generation;
    for (const reply of replies) {
      const bytes = this.degrade(reply);
      const delayMs = reply.servo.returnDelayS * 1000;
      const wireMs = bytes ? wireTimeMs(bytes.length, this.transport.baudRate) : 0;
      this.outbox = this.outbox
        .then(() => (generation === this.generation ? sleep(delayMs + wireMs) : undefined))
        .then(async () => {
          if (generation !== this.generation) this.stats.cancelledReplies++;
          else if (bytes && this.transport.isOpen) await this.transport.write(bytes);
        })
        .catch(() => undefined);
    }
  }

  private degrade(reply: OutgoingReply<S>): Uint8Array | undefined {
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
