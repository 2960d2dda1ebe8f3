/**
 * A simulated Robotiq 2F-85 on the device end of a ByteTransport: a Modbus RTU slave (id 9,
 * 115200 8N1) answering functions 3, 4 and 16 on the manual's register map, byte for byte, with
 * injectable faults. Stepped by a timer (real time) or by hand for deterministic tests.
 */
import { ModbusRtuSlave, type SlaveReply } from '../../../modbus/slave';
import type { ModbusRequest } from '../../../modbus/functions';
import {
  INPUT_REGISTERS,
  OUTPUT_REGISTERS,
  ROBOTIQ_2F85_DEFAULTS,
  bytesToRegisters,
  registersToBytes,
} from '../registers';
import type { ByteTransport } from '../../../transport/byte-transport';
import { Gripper2F85Model, type ConditionFault, type SimObject } from './gripper-2f85-model';
import { SeededRandom } from '../../../servos/physics/random';

export type Robotiq2F85SimFault = ConditionFault | 'no_communication' | 'line_noise';

export const ROBOTIQ_2F85_SIM_FAULTS: readonly Robotiq2F85SimFault[] = [
  'overtemperature',
  'undervoltage',
  'overcurrent',
  'no_communication',
  'line_noise',
];

export interface Robotiq2F85SimOptions {
  slaveId?: number;
  /** Seeds the line noise. */
  seed?: number;
  object?: SimObject | null;
  activationMs?: number;
  turnaroundMs?: number;
  /** Share of replies corrupted while `line_noise` is injected. */
  lineNoiseRate?: number;
  faults?: readonly Robotiq2F85SimFault[];
}

export class Robotiq2F85Sim {
  readonly model: Gripper2F85Model;
  private readonly slave: ModbusRtuSlave;
  private readonly random: () => number;
  private readonly lineNoiseRate: number;
  private readonly active = new Set<Robotiq2F85SimFault>();
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;

  constructor(transport: ByteTransport, options: Robotiq2F85SimOptions = {}) {
    this.model = new Gripper2F85Model(options.activationMs ?? 1000, options.object ?? null);
    const random = new SeededRandom(options.seed ?? 1);
    this.random = () => random.next();
    this.lineNoiseRate = options.lineNoiseRate ?? 0.3;
    this.slave = new ModbusRtuSlave(transport, {
      unit: options.slaveId ?? ROBOTIQ_2F85_DEFAULTS.slaveId,
      turnaroundMs: options.turnaroundMs ?? 2,
      handle: (request) => this.handle(request),
      outgoing: (adu) => this.outgoing(adu),
    });
    for (const fault of options.faults ?? []) this.injectFault(fault);
  }

  get faults(): Robotiq2F85SimFault[] {
    return [...this.active];
  }

  get slaveStats(): Readonly<ModbusRtuSlave['stats']> {
    return this.slave.stats;
  }

  injectFault(fault: Robotiq2F85SimFault): void {
    this.active.add(fault);
    this.applyFault(fault, true);
  }

  clearFault(fault: Robotiq2F85SimFault): void {
    this.active.delete(fault);
    this.applyFault(fault, false);
  }

  setObject(object: SimObject | null): void {
    this.model.object = object;
  }

  /** Manual stepping (tests). */
  advance(ms: number): void {
    this.model.step(ms);
  }

  /** Real-time stepping every `periodMs`, plus a catch-up before every request. */
  start(periodMs = 10): void {
    if (this.timer) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.catchUp(), periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    this.slave.dispose();
  }

  private catchUp(): void {
    if (!this.timer) return;
    const now = performance.now();
    this.model.step(now - this.lastTick);
    this.lastTick = now;
  }

  private applyFault(fault: Robotiq2F85SimFault, on: boolean): void {
    if (fault === 'no_communication') this.slave.deaf = on;
    else if (fault !== 'line_noise') this.model.setCondition(fault, on);
  }

  private handle(request: ModbusRequest): SlaveReply {
    this.catchUp();
    this.model.heard();
    switch (request.fn) {
      case 'readInputRegisters':
      case 'readHoldingRegisters': {
        const input = blockOffset(INPUT_REGISTERS, request.address, request.quantity);
        if (input !== undefined) {
          const registers = bytesToRegisters(this.model.inputBytes()).slice(
            input,
            input + request.quantity,
          );
          return { kind: 'ok', data: { registers } };
        }
        // Function 3 also reads back the robot output registers.
        const output = blockOffset(OUTPUT_REGISTERS, request.address, request.quantity);
        if (request.fn === 'readHoldingRegisters' && output !== undefined) {
          const registers = bytesToRegisters(this.model.outputBytes()).slice(
            output,
            output + request.quantity,
          );
          return { kind: 'ok', data: { registers } };
        }
        return { kind: 'exception', code: 0x02 };
      }
      case 'writeMultipleRegisters': {
        const output = blockOffset(OUTPUT_REGISTERS, request.address, request.values.length);
        if (output === undefined) return { kind: 'exception', code: 0x02 };
        this.model.writeOutputs(output * 2, registersToBytes(request.values));
        return { kind: 'ok' };
      }
      default:
        return { kind: 'exception', code: 0x01 };
    }
  }

  /** Line noise: a flipped bit (CRC error) or a burst of garbage before the reply (resync). */
  private outgoing(adu: Uint8Array): Uint8Array {
    if (!this.active.has('line_noise') || this.random() >= this.lineNoiseRate) return adu;
    if (this.random() < 0.5) {
      const out = Uint8Array.from(adu);
      const index = Math.floor(this.random() * out.length);
      out[index] = (out[index] ?? 0) ^ (1 << Math.floor(this.random() * 8));
      return out;
    }
    const garbage = Array.from({ length: 1 + Math.floor(this.random() * 4) }, () =>
      Math.floor(this.random() * 256),
    );
    return Uint8Array.from([...garbage, ...adu]);
  }
}

/** Register offset inside a block, or undefined when the range leaves it. */
function blockOffset(
  block: { address: number; count: number },
  address: number,
  quantity: number,
): number | undefined {
  const offset = address - block.address;
  return offset >= 0 && offset + quantity <= block.count ? offset : undefined;
}
