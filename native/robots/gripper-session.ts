/**
 * A Robotiq 2F-85 (profile kind 'gripper', Modbus RTU) as a live session: status polled at
 * ~10 Hz, activate / open / close / move / stop through the bus queue, and an emergency stop
 * (rGTO = 0: the fingers stop where they are) that jumps the queue and drops waiting polls.
 */
import type { GripperStatus as ApiGripperStatus, RobotDetail } from '../domain';
import { ModbusRtuClient } from '../modbus/client';
import { hasValidCrc } from '../modbus/crc';
import { toHex } from '../servos/dynamixel2/bytes';
import { faultSeverity } from '../grippers/robotiq/faults';
import {
  GripperFaultError,
  GripperTimeoutError,
  Robotiq2F85,
} from '../grippers/robotiq/gripper-2f85';
import { INPUT_REGISTERS } from '../grippers/robotiq/registers';
import type { GripperStatus } from '../grippers/robotiq/status';
import type { ByteTransport } from '../transport/byte-transport';
import { QueueClosedError } from '../transport/transaction-queue';
import { ConsoleTap, parseHex, type ConsoleExchange } from './packet-console';
import { PollLoop } from './poll-loop';
import type { GripperRobotProfile } from './robot-profile';
import { RobotCommandError, RobotSession, type SessionContext } from './robot-session';
import { FAULT_ATTENTION, linkAttention } from './link-attention';

export interface GripperCommand {
  action: 'activate' | 'open' | 'close' | 'stop' | 'move';
  /** 0 closed … 1 open (move). */
  openFraction?: number;
  /** 0 … 1 of the gripper's speed and force ranges; default 1. */
  speed?: number;
  force?: number;
}

export class GripperSession extends RobotSession {
  declare readonly profile: GripperRobotProfile;
  private client: ModbusRtuClient | undefined;
  private driver: Robotiq2F85 | undefined;
  private status: GripperStatus | null = null;
  private offTraffic: (() => void) | undefined;
  private readonly console: ConsoleTap;
  private readonly loop: PollLoop;

  constructor(profile: GripperRobotProfile, ctx: SessionContext) {
    super(profile, ctx);
    // The poll: read input registers (function 4) at 0x07D0.
    const isPoll = (bytes: Uint8Array) =>
      bytes[1] === 0x04 && ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0) === INPUT_REGISTERS.address;
    this.console = new ConsoleTap(this.id, ctx.onTraffic, isPoll);
    this.loop = new PollLoop({
      hz: ctx.pollHz ?? 10,
      silenceTimeoutMs: ctx.silenceTimeoutMs ?? 3000,
      poll: () => this.pollOnce(),
      keepsGoing: () => this.transport?.isOpen === true,
      onSilent: (silentMs) =>
        this.lost(
          `no reply from the gripper for ${(silentMs / 1000).toFixed(1)} s (power off or cable loose?)`,
        ),
    });
  }

  get currentClient(): ModbusRtuClient | undefined {
    return this.client;
  }

  get lastStatus(): GripperStatus | null {
    return this.status;
  }

  protected async initialize(transport: ByteTransport): Promise<void> {
    const client = new ModbusRtuClient(transport);
    this.client = client;
    this.driver = new Robotiq2F85(client, this.profile.slaveId);
    this.offTraffic = client.onTraffic((record) => this.console.take(record));
    try {
      this.takeStatus(await this.driver.readStatus({ priority: 'user' }));
    } catch (error) {
      if (!transport.isOpen) throw error;
      throw new RobotCommandError(
        'no-reply',
        `The ${this.profile.name.en} (Modbus id ${this.profile.slaveId}) did not answer on ${this.port} at ${this.profile.baudRate} baud. Check its 24 V power and the RS-485 wiring, or scan the bus.`,
      );
    }
    this.deriveState();
    this.loop.start();
  }

  protected detachLink(): void {
    this.loop.stop();
    this.offTraffic?.();
    this.offTraffic = undefined;
    this.client?.dispose();
    this.client = undefined;
    this.driver = undefined;
  }

  protected attention(): { en: string; ja: string } | null {
    const link = linkAttention(this.stateValue, {
      en: 'the cable and the gripper’s 24 V power',
      ja: 'ケーブルとグリッパーの 24 V 電源',
    });
    if (link) return link;
    switch (this.stateValue) {
      case 'fault':
        return this.status?.fault
          ? { en: this.status.fault.en, ja: this.status.fault.ja }
          : { ...FAULT_ATTENTION };
      case 'torque-off':
        return {
          en: 'The gripper is not activated. Activate it before use.',
          ja: 'グリッパーが起動されていません。使う前に起動（アクティベート）してください。',
        };
      default:
        return null;
    }
  }

  detail(): RobotDetail {
    const counters = this.client?.counters;
    const s = this.status;
    const gripper: ApiGripperStatus | null = s
      ? {
          activated: s.activated,
          moving: s.moving,
          objectDetected: s.objectDetected,
          openFraction: s.openFraction,
          currentA: s.currentA,
          fault: s.fault ? { code: s.fault.code, en: s.fault.en, ja: s.fault.ja } : null,
        }
      : null;
    return {
      summary: this.summary(),
      profileName: this.profile.name,
      kind: 'gripper',
      joints: [],
      gripper,
      bus: this.busStats(
        this.measuredPollHz,
        counters && { ...counters, garbageBytes: counters.discardedBytes },
      ),
    };
  }

  get measuredPollHz(): number {
    return this.loop.measuredHz;
  }

  /** Stops the fingers where they are (rGTO = 0), next on the bus. */
  async emergencyStop(user?: string): Promise<{ calledAt: number; writtenAt: number } | null> {
    const calledAt = performance.now();
    const driver = this.driver;
    const client = this.client;
    if (!driver || !client || !this.transport?.isOpen) return null;
    const sent = driver.stop({ priority: 'emergency' });
    client.queue.dropPolls();
    await this.guard(() => sent);
    const writtenAt = performance.now();
    this.record(
      'state',
      'warning',
      user
        ? ['gripper.emergencyStopBy', { robot: this.name, user }]
        : ['gripper.emergencyStop', { robot: this.name }],
      user,
    );
    return { calledAt, writtenAt };
  }

  async command(command: GripperCommand, user?: string): Promise<void> {
    const driver = this.requireDriver();
    const byte = (fraction: number | undefined) => Math.round(255 * (fraction ?? 1));
    const common = { speed: byte(command.speed), force: byte(command.force) };
    switch (command.action) {
      case 'activate':
        await this.guard(() => driver.activate({ priority: 'user' }));
        break;
      case 'open':
        this.requireActivated();
        await this.guard(() => driver.open(common, { priority: 'user' }));
        break;
      case 'close':
        this.requireActivated();
        await this.guard(() => driver.close(common, { priority: 'user' }));
        break;
      case 'move':
        if (command.openFraction === undefined) {
          throw new RobotCommandError(
            'missing-position',
            'A gripper move needs openFraction (0 closed … 1 open).',
          );
        }
        this.requireActivated();
        await this.guard(() =>
          driver.moveTo({ ...common, openFraction: command.openFraction }, { priority: 'user' }),
        );
        break;
      case 'stop':
        await this.guard(() => driver.stop({ priority: 'emergency' }));
        break;
    }
    if (user) {
      const open = command.openFraction;
      if (open === undefined) this.logAction(user, 'gripper.command', { action: command.action });
      else {
        const percent = Math.round(open * 100);
        this.logAction(user, 'gripper.commandTo', { action: command.action, percent });
      }
    }
    try {
      this.takeStatus(await driver.readStatus({ priority: 'user' }));
      this.deriveState();
    } catch {
      // The poll loop will catch up.
    }
  }

  /** Raw bytes as typed; collects whatever comes back within a short window. */
  async consoleSend(hex: string): Promise<ConsoleExchange> {
    const client = this.requireClient();
    const transport = this.transport;
    if (!transport) throw this.notConnected();
    const bytes = parseHex(hex);
    const reply = await client.queue.run('user', async () => {
      const chunks: Buffer[] = [];
      const off = transport.onData((chunk) => chunks.push(chunk));
      try {
        await transport.write(bytes);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        off();
      }
      return Buffer.concat(chunks);
    });
    return {
      sent: toHex(bytes),
      replies:
        reply.length === 0
          ? []
          : [
              {
                hex: toHex(reply),
                summary: `${reply.length} byte(s), ${hasValidCrc(reply) ? 'CRC ok' : 'CRC mismatch or several frames'}`,
              },
            ],
    };
  }

  private async pollOnce(): Promise<void> {
    const driver = this.driver;
    if (!driver) return;
    const status = await driver.readStatus({ priority: 'poll' });
    if (driver !== this.driver) return; // The link changed underneath us.
    this.takeStatus(status);
    this.loop.answered();
    this.deriveState();
  }

  private takeStatus(status: GripperStatus): void {
    const before = this.status?.fault?.code ?? 0;
    const after = status.fault?.code ?? 0;
    this.status = status;
    if (before === after) return;
    if (after === 0) {
      this.record('fault', 'info', ['gripper.faultCleared', { robot: this.name }], undefined, {
        cleared: true,
      });
    } else if (faultSeverity(after) !== 'priority') {
      this.record(
        'fault',
        faultSeverity(after) === 'major' ? 'error' : 'warning',
        [
          'gripper.fault',
          {
            robot: this.name,
            code: after.toString(16).toUpperCase(),
            detail: status.fault ?? '',
          },
        ],
        undefined,
        { fault: 'gripper', cause: `gripper 0x${after.toString(16).toUpperCase()}`, code: after },
      );
    }
  }

  private deriveState(): void {
    if (!this.transport?.isOpen || this.stateValue === 'disconnected') return;
    const s = this.status;
    if (!s) return;
    const code = s.fault?.code ?? 0;
    if (code !== 0 && (faultSeverity(code) === 'major' || code === 0x08)) {
      this.setState('fault', s.fault?.en, s.fault ?? undefined);
    } else if (!s.activated) {
      this.setState('torque-off');
    } else {
      this.setState(s.moving ? 'running' : 'ready');
    }
  }

  private requireActivated(): void {
    if (this.status && !this.status.activated) {
      throw new RobotCommandError(
        'not-activated',
        `${this.name} is not activated. Activate it first (the fingers open and close once to calibrate).`,
      );
    }
  }

  private requireDriver(): Robotiq2F85 {
    if (!this.driver || !this.transport?.isOpen) throw this.notConnected();
    return this.driver;
  }

  private requireClient(): ModbusRtuClient {
    if (!this.client || !this.transport?.isOpen) throw this.notConnected();
    return this.client;
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof GripperFaultError) {
        throw new RobotCommandError('gripper-fault', error.fault.en);
      }
      if (error instanceof GripperTimeoutError)
        throw new RobotCommandError('timeout', error.message);
      if (error instanceof QueueClosedError) {
        throw new RobotCommandError(
          'not-sent',
          `${this.name}: the command was not sent because the link closed.`,
        );
      }
      if (error instanceof RangeError)
        throw new RobotCommandError('invalid-command', error.message);
      if (error instanceof Error) throw new RobotCommandError('gripper-error', error.message);
      throw error;
    }
  }
}
