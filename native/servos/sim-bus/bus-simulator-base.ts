import type { ByteTransport } from '../../transport/byte-transport';
import type { FaultInjector, FaultSpec } from '../physics/faults';
import {
  SimulatedBus,
  type SimulatedBusOptions,
  type SimulatedBusStats,
  type SimulatedServo,
} from './simulated-bus';

export interface HandMovable {
  /** A person holding the joint at this angle while its torque is off; null lets go. */
  setExternalHand(rad: number | null): void;
}

/**
 * The public face every family's bus simulator shows (tests, the demo, `genba sim`): its servos,
 * faults, physics clock and link faults. A family adds only how it reads the wire (`receive`)
 * and what it answers.
 */
export abstract class BusSimulatorBase<S extends SimulatedServo & HandMovable> {
  protected readonly bus: SimulatedBus<S>;

  constructor(
    readonly transport: ByteTransport,
    servos: readonly S[],
    options: SimulatedBusOptions = {},
  ) {
    this.bus = new SimulatedBus(transport, servos, options, (chunk) => this.receive(chunk));
  }

  /** Bytes from the host; called only after construction (data arrives asynchronously). */
  protected abstract receive(chunk: Buffer): void;

  get faults(): FaultInjector {
    return this.bus.faults;
  }

  get stats(): SimulatedBusStats {
    return this.bus.stats;
  }

  get timeS(): number {
    return this.bus.timeS;
  }

  get servos(): S[] {
    return this.bus.servos;
  }

  get busVoltageV(): number {
    return this.bus.busVoltageV;
  }

  servo(id: number): S | undefined {
    return this.bus.servo(id);
  }

  injectFault(spec: FaultSpec): void {
    this.bus.injectFault(spec);
  }

  /** A person moving a joint by hand while its torque is off (for teaching); null lets go. */
  setExternalHand(id: number, positionRad: number | null): void {
    this.bus.servo(id)?.setExternalHand(positionRad);
  }

  /** The next `count` replies from `id` are lost on the wire (a deterministic link fault). */
  dropNextReplies(id: number, count: number): void {
    this.bus.dropNextReplies(id, count);
  }

  /** Runs the physics in real time (see SimulatedBus.start). */
  start(): void {
    this.bus.start();
  }

  stop(): void {
    this.bus.stop();
  }

  close(): void {
    this.bus.close();
  }

  /** Advances physics by `dt` seconds (call repeatedly for long spans). */
  step(dt: number): void {
    this.bus.step(dt);
  }

  /** Steps `seconds` of simulated time in physics-rate increments. */
  run(seconds: number): void {
    this.bus.run(seconds);
  }
}
