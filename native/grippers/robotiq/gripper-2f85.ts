/**
 * Robotiq 2F-85 driver: the manual's activation, move and status sequences over a Modbus RTU
 * client. Writes use function 16 and reads function 4, as the manual prescribes.
 */
import type { ModbusRtuClient } from '../../modbus/client';
import type { TransactionPriority } from '../../transport/transaction-queue';
import { faultSeverity, type GripperFault } from './faults';
import {
  ACTION,
  INPUT_REGISTERS,
  OUTPUT_REGISTERS,
  ROBOTIQ_2F85_DEFAULTS,
  bytesToRegisters,
} from './registers';
import { decodeGripperStatus, openFractionToPosition, type GripperStatus } from './status';

export interface MoveCommand {
  /** 0 open … 255 closed, as the gripper counts. Give this or openFraction. */
  position0to255?: number;
  /** 0 closed … 1 open. */
  openFraction?: number;
  /** 0 (20 mm/s) … 255 (150 mm/s); default full speed. */
  speed?: number;
  /** 0 (20 N) … 255 (235 N); default full force. */
  force?: number;
}

export interface ActivateOptions {
  timeoutMs?: number;
  pollMs?: number;
  /** Called with every status read while activation runs. */
  onProgress?: (status: GripperStatus, elapsedMs: number) => void;
}

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
}

type Priority = { priority?: TransactionPriority };

export class GripperFaultError extends Error {
  constructor(readonly fault: GripperFault) {
    super(fault.en);
    this.name = 'GripperFaultError';
  }
}

export class GripperTimeoutError extends Error {
  constructor(
    readonly what: 'activation' | 'motion',
    readonly timeoutMs: number,
    readonly last: GripperStatus | undefined,
  ) {
    super(
      what === 'activation'
        ? `The gripper did not finish activating within ${timeoutMs} ms. Check that nothing blocks the fingers and that it has 24 V power.`
        : `The gripper did not finish moving within ${timeoutMs} ms. Check for obstructions and lower the speed.`,
    );
    this.name = 'GripperTimeoutError';
  }
}

export class Robotiq2F85 {
  constructor(
    readonly client: ModbusRtuClient,
    readonly slaveId: number = ROBOTIQ_2F85_DEFAULTS.slaveId,
  ) {}

  /** Reset (rACT = 0), then rACT = 1, then wait for gSTA = 3. Clears major faults. */
  async activate(options: ActivateOptions & Priority = {}): Promise<GripperStatus> {
    const priority = options.priority ?? 'user';
    await this.writeRequest({ action: 0, position: 0, speed: 0, force: 0 }, priority);
    await this.writeRequest({ action: ACTION.rACT, position: 0, speed: 0, force: 0 }, priority);
    const timeoutMs = options.timeoutMs ?? 5000;
    return this.pollUntil(
      (status) => status.activated,
      { timeoutMs, pollMs: options.pollMs ?? 50, priority },
      'activation',
      options.onProgress,
    );
  }

  /** Starts a move; resolves once the gripper has the request (use waitForMotion to finish). */
  async moveTo(command: MoveCommand, options: Priority = {}): Promise<void> {
    const position = resolvePosition(command);
    const speed = byteArg('speed', command.speed ?? 255);
    const force = byteArg('force', command.force ?? 255);
    await this.writeRequest(
      { action: ACTION.rACT | ACTION.rGTO, position, speed, force },
      options.priority ?? 'user',
    );
  }

  open(command: Omit<MoveCommand, 'position0to255' | 'openFraction'> = {}, options: Priority = {}) {
    return this.moveTo({ ...command, position0to255: 0 }, options);
  }

  close(
    command: Omit<MoveCommand, 'position0to255' | 'openFraction'> = {},
    options: Priority = {},
  ) {
    return this.moveTo({ ...command, position0to255: 255 }, options);
  }

  /** rGTO = 0 stops the fingers where they are; jumps the bus queue. */
  async stop(options: Priority = {}): Promise<void> {
    // One register: the position, speed and force requests stay as they were.
    await this.client.writeMultipleRegisters(
      this.slaveId,
      OUTPUT_REGISTERS.address,
      bytesToRegisters([ACTION.rACT, 0]),
      { priority: options.priority ?? 'emergency' },
    );
  }

  async readStatus(options: Priority = {}): Promise<GripperStatus> {
    const registers = await this.client.readInputRegisters(
      this.slaveId,
      INPUT_REGISTERS.address,
      INPUT_REGISTERS.statusCount,
      { priority: options.priority ?? 'poll' },
    );
    return decodeGripperStatus(registers);
  }

  /** Polls until the fingers stop (target reached or an object met); throws on a fault. */
  waitForMotion(options: WaitOptions & Priority = {}): Promise<GripperStatus> {
    return this.pollUntil(
      (status) => status.goRequested && status.objectDetected !== 'moving',
      {
        timeoutMs: options.timeoutMs ?? 5000,
        pollMs: options.pollMs ?? 20,
        priority: options.priority ?? 'poll',
      },
      'motion',
    );
  }

  private async pollUntil(
    done: (status: GripperStatus) => boolean,
    { timeoutMs, pollMs, priority }: Required<WaitOptions> & { priority: TransactionPriority },
    what: 'activation' | 'motion',
    onProgress?: (status: GripperStatus, elapsedMs: number) => void,
  ): Promise<GripperStatus> {
    const started = performance.now();
    let last: GripperStatus | undefined;
    for (;;) {
      last = await this.readStatus({ priority });
      const elapsed = performance.now() - started;
      onProgress?.(last, elapsed);
      // Faults that stop the motor end the wait; 0x09 (a past gap in polling) does not.
      if (last.fault && (faultSeverity(last.fault.code) === 'major' || last.fault.code === 0x08)) {
        throw new GripperFaultError(last.fault);
      }
      if (done(last)) return last;
      if (elapsed >= timeoutMs) throw new GripperTimeoutError(what, timeoutMs, last);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async writeRequest(
    request: { action: number; position: number; speed: number; force: number },
    priority: TransactionPriority,
  ): Promise<void> {
    await this.client.writeMultipleRegisters(
      this.slaveId,
      OUTPUT_REGISTERS.address,
      bytesToRegisters([request.action, 0, 0, request.position, request.speed, request.force]),
      { priority },
    );
  }
}

function resolvePosition(command: MoveCommand): number {
  if (command.position0to255 !== undefined && command.openFraction !== undefined) {
    throw new RangeError('Give either position0to255 or openFraction, not both.');
  }
  if (command.openFraction !== undefined) {
    const f = command.openFraction;
    if (!Number.isFinite(f) || f < 0 || f > 1) {
      throw new RangeError(`openFraction must be between 0 (closed) and 1 (open), not ${f}.`);
    }
    return openFractionToPosition(f);
  }
  if (command.position0to255 === undefined) {
    throw new RangeError('A move needs position0to255 (0 open … 255 closed) or openFraction.');
  }
  return byteArg('position0to255', command.position0to255);
}

function byteArg(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`${name} must be an integer 0–255, not ${value}.`);
  }
  return value;
}
