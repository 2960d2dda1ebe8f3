/**
 * A Dynamixel arm (profile kind 'arm', e.g. OpenManipulator-X) as a live session: one poll loop
 * reading every joint's 23-byte diagnostics block with ONE Fast Sync Read per cycle (Sync Read
 * when the servos do not know Fast Sync Read), Torque Enable … Hardware Error Status at a lower
 * rate, telemetry in ~100 ms batches, and commands through the bus queue by priority.
 *
 * Emergency stop is one Sync Write of Torque Enable = 0 to every joint at 'emergency' priority:
 * the queue sends it next (after the transaction already on the wire), and queued polls are
 * dropped so nothing stands between the call and the wire.
 */
import type {
  ConsoleTraffic,
  ControlTableEntry,
  JointStatus,
  RobotDetail,
  TelemetrySample,
} from '../domain';
import { DynamixelBus, type ReadResult, type TrafficEvent } from '../servos/dynamixel2/bus';
import {
  DynamixelError,
  DynamixelStatusError,
  DynamixelTimeoutError,
} from '../servos/dynamixel2/bus-errors';
import { encodeUint, toHex } from '../servos/dynamixel2/bytes';
import {
  XM430_W350,
  type ControlTable,
  type ControlTableItem,
} from '../servos/dynamixel2/control-table';
import { describeStatus } from '../servos/dynamixel2/describe';
import {
  DIAGNOSTICS_ADDRESS,
  DIAGNOSTICS_LENGTH,
  decodeDiagnostics,
  type ServoDiagnostics,
} from '../servos/dynamixel2/diagnostics';
import { decodeHardwareError, StatusErrorCode } from '../servos/dynamixel2/errors';
import { Instruction } from '../servos/dynamixel2/protocol';
import type { ByteTransport } from '../transport/byte-transport';
import { QueueClosedError } from '../transport/transaction-queue';
import type { ArmRobotProfile, ProfileJoint } from './robot-profile';
import { RobotCommandError, RobotSession, type SessionContext } from './robot-session';

/** Torque Enable (64) … Hardware Error Status (70): one 7-byte read gives both. */
const STATUS_ADDRESS = 64;
const STATUS_LENGTH = 7;
const HW_ERROR_OFFSET = 6;
const TORQUE_ADDRESS = 64;
const GOAL_POSITION = XM430_W350.item('goalPosition');
const PROFILE_VELOCITY = XM430_W350.item('profileVelocity');
const PROFILE_ACCELERATION = XM430_W350.item('profileAcceleration');
/** The joint angle 0 of a profile is the servo's centre position (2048 of 4096). */
const CENTRE_RAW = 2048;
const PULSE_RAD = GOAL_POSITION.si?.scale ?? (2 * Math.PI) / 4096;
/** Everything from Model Number (0) to Present Temperature (146). */
const TABLE_READ_LENGTH = 147;
const BATCH_MS = 100;
const MOVING_RAD_S = 0.05;

interface JointLive {
  profile: ProfileJoint;
  diag: ServoDiagnostics | null;
  torqueOn: boolean;
  hwError: number;
}

export interface ArmSessionOptions {
  /** Read Torque Enable / Hardware Error Status every this many polls (default: ~5 Hz). */
  statusEvery?: number;
  /** Control table of the servos (default XM430-W350). */
  table?: ControlTable;
}

export interface EmergencyStopResult {
  /** performance.now() when the call was made and when the packet had been written. */
  calledAt: number;
  writtenAt: number;
  droppedPolls: number;
}

export class ArmSession extends RobotSession {
  declare readonly profile: ArmRobotProfile;
  private bus: DynamixelBus | undefined;
  private readonly joints: JointLive[];
  private readonly ids: number[];
  private readonly table: ControlTable;
  private useFast = true;
  private pollTimer: NodeJS.Timeout | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Bumped per link, so a poll scheduled for an old link never runs on a new one. */
  private generation = 0;
  private pollCount = 0;
  private lastOkAt = 0;
  private movingUntil = 0;
  private samples: TelemetrySample[] = [];
  private offTraffic: (() => void) | undefined;
  private pollTrafficUntil = 0;
  private lastTxWasPoll = false;
  private readonly statusEvery: number;
  private readonly pollHz: number;
  /** Measured poll rate (cycles per second over the last second). */
  private cycleTimes: number[] = [];
  /** Bumped by every emergency stop: motions started before it give up. */
  private stopEpoch = 0;

  constructor(profile: ArmRobotProfile, ctx: SessionContext, options: ArmSessionOptions = {}) {
    super(profile, ctx);
    this.table = options.table ?? XM430_W350;
    this.joints = profile.joints.map((joint) => ({
      profile: joint,
      diag: null,
      torqueOn: false,
      hwError: 0,
    }));
    this.ids = profile.joints.map((joint) => joint.servoId);
    this.pollHz = ctx.pollHz ?? 50;
    this.statusEvery = options.statusEvery ?? Math.max(1, Math.round(this.pollHz / 5));
  }

  /** The bus of the current link (undefined while disconnected); for tests and benchmarks. */
  get currentBus(): DynamixelBus | undefined {
    return this.bus;
  }

  get usesFastSyncRead(): boolean {
    return this.useFast;
  }

  get measuredPollHz(): number {
    const now = performance.now();
    this.cycleTimes = this.cycleTimes.filter((t) => now - t < 1000);
    return this.cycleTimes.length;
  }

  protected async initialize(transport: ByteTransport): Promise<void> {
    const bus = new DynamixelBus(transport);
    this.bus = bus;
    this.offTraffic = bus.onTraffic((event) => this.traffic(event));
    const missing: number[] = [];
    for (const id of this.ids) {
      try {
        await bus.ping(id, { priority: 'user' });
      } catch (error) {
        if (!transport.isOpen) throw error;
        missing.push(id);
      }
    }
    if (missing.length === this.ids.length) {
      throw new RobotCommandError(
        'no-reply',
        `No servo of ${this.profile.name.en} (ids ${this.ids.join(', ')}) answered on ${this.port} at ${this.profile.baudRate} baud. Check the 12 V power and the cable, or scan the bus to find the servos' ids and baud rate.`,
      );
    }
    if (missing.length > 0) {
      throw new RobotCommandError(
        'no-reply',
        `Servo(s) ${missing.join(', ')} of ${this.profile.name.en} did not answer on ${this.port}. Check the daisy-chain cable after the last servo that answered, or scan the bus.`,
      );
    }
    await this.readStatus('user');
    await this.chooseReadInstruction(bus);
    // Gentle, profile-limited motion for every later goal (RAM: allowed with torque on).
    await bus.syncWrite(
      PROFILE_VELOCITY.address,
      PROFILE_VELOCITY.size + PROFILE_ACCELERATION.size,
      this.joints.map((joint) => ({
        id: joint.profile.servoId,
        data: Uint8Array.from([
          ...encodeUint(
            this.table.fromSi(PROFILE_ACCELERATION, joint.profile.maxAccelerationRadS2),
            4,
          ),
          ...encodeUint(this.table.fromSi(PROFILE_VELOCITY, joint.profile.maxVelocityRadS), 4),
        ]),
      })),
      { priority: 'user' },
    );
    this.lastOkAt = performance.now();
    this.deriveState();
    this.startPolling();
  }

  protected detachLink(): void {
    this.polling = false;
    this.generation++;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.batchTimer) clearInterval(this.batchTimer);
    this.batchTimer = undefined;
    this.flushTelemetry();
    this.offTraffic?.();
    this.offTraffic = undefined;
    this.bus?.close();
    this.bus = undefined;
  }

  protected attention(): { en: string; ja: string } | null {
    switch (this.stateValue) {
      case 'disconnected':
        return {
          en: 'Not connected. Check the USB cable and the robot’s power; it reconnects by itself.',
          ja: '接続されていません。USB ケーブルとロボットの電源を確認してください。戻ると自動で再接続します。',
        };
      case 'connecting':
        return { en: 'Connecting…', ja: '接続中…' };
      case 'fault': {
        const faulty = this.joints.find((joint) => joint.hwError !== 0);
        const message = faulty ? decodeHardwareError(faulty.hwError)[0] : undefined;
        if (!faulty || !message) return { en: 'Fault.', ja: '異常があります。' };
        return {
          en: `${faulty.profile.label.en}: ${message.en} ${message.advice.en}`,
          ja: `${faulty.profile.label.ja}：${message.ja}${message.advice.ja}`,
        };
      }
      case 'torque-off':
        return {
          en: 'Motors are off (torque off). The arm can be moved by hand; turn torque on to use it.',
          ja: 'モーターがオフです（トルクオフ）。手で動かせます。使うときはトルクをオンにしてください。',
        };
      default:
        return null;
    }
  }

  detail(): RobotDetail {
    const bus = this.bus;
    const counters = bus?.counters;
    return {
      summary: this.summary(),
      profileName: this.profile.name,
      kind: 'arm',
      joints: this.joints.map((joint) => this.jointStatus(joint)),
      gripper: null,
      bus: {
        path: this.port,
        baudRate: this.profile.baudRate,
        pollHz: this.measuredPollHz,
        tx: counters?.tx ?? 0,
        rx: counters?.rx ?? 0,
        timeouts: counters?.timeouts ?? 0,
        crcErrors: counters?.crcErrors ?? 0,
        garbageBytes: counters?.garbageBytes ?? 0,
      },
    };
  }

  // ---- commands -------------------------------------------------------------------------

  /** Torque off on every joint, as one Sync Write that goes out next. Never throws while connected. */
  async emergencyStop(user?: string): Promise<EmergencyStopResult | null> {
    const calledAt = performance.now();
    const bus = this.bus;
    this.stopEpoch++;
    this.movingUntil = 0;
    if (!bus || !this.transport?.isOpen) return null;
    const sent = bus.syncWrite(
      TORQUE_ADDRESS,
      1,
      this.ids.map((id) => ({ id, data: Uint8Array.of(0) })),
      { priority: 'emergency' },
    );
    const droppedPolls = bus.dropPolls();
    await sent;
    const writtenAt = performance.now();
    for (const joint of this.joints) joint.torqueOn = false;
    this.record(
      'state',
      'warning',
      `${this.name}: emergency stop — torque off on every joint${user ? ` (by ${user})` : ''}.`,
      user,
    );
    this.deriveState();
    return { calledAt, writtenAt, droppedPolls };
  }

  async setTorque(on: boolean, jointName?: string, user?: string): Promise<void> {
    const bus = this.requireBus();
    const joints = jointName ? [this.joint(jointName)] : this.joints;
    if (on) {
      const faulty = joints.find((joint) => joint.hwError !== 0);
      if (faulty) {
        throw new RobotCommandError(
          'hardware-error',
          `${faulty.profile.label.en} (${faulty.profile.name}) has a latched hardware error (${describeHw(faulty.hwError)}). Reboot it to clear the error, then turn torque on.`,
        );
      }
    }
    await this.guard(() =>
      bus.syncWrite(
        TORQUE_ADDRESS,
        1,
        joints.map((joint) => ({ id: joint.profile.servoId, data: Uint8Array.of(on ? 1 : 0) })),
        { priority: 'user' },
      ),
    );
    await this.readStatus('user');
    this.record(
      'operator',
      'info',
      `${this.name}: torque ${on ? 'on' : 'off'} (${jointName ?? 'all joints'}).`,
      user,
    );
    this.deriveState();
  }

  /** Reboot clears latched hardware errors; torque comes back off. */
  async reboot(jointName?: string, user?: string): Promise<void> {
    const bus = this.requireBus();
    const joints = jointName ? [this.joint(jointName)] : this.joints;
    for (const joint of joints) {
      await this.guard(() => bus.reboot(joint.profile.servoId, { priority: 'user' }));
    }
    // The firmware restarts; give it a moment before asking again.
    await sleep(100);
    await this.readStatus('user');
    this.record(
      'operator',
      'info',
      `${this.name}: rebooted ${jointName ?? 'all joints'}; torque is off until turned on.`,
      user,
    );
    this.deriveState();
  }

  goHome(user?: string): Promise<void> {
    const targets = Object.fromEntries(this.joints.map((j) => [j.profile.name, j.profile.homeRad]));
    if (user) this.record('operator', 'info', `${this.name}: going home.`, user);
    return this.moveJoints(targets);
  }

  moveJoint(jointName: string, positionRad: number, user?: string): Promise<void> {
    if (user) {
      this.record(
        'operator',
        'info',
        `${this.name}: move ${jointName} to ${positionRad.toFixed(3)} rad.`,
        user,
      );
    }
    return this.moveJoints({ [jointName]: positionRad });
  }

  /** One Sync Write of Goal Position for the joints named; refused (nothing sent) outside limits. */
  async moveJoints(targets: Record<string, number>): Promise<void> {
    const bus = this.requireBus();
    const entries = Object.entries(targets).map(([name, rad]) => {
      const joint = this.joint(name);
      const { minRad, maxRad, label } = joint.profile;
      if (!Number.isFinite(rad) || rad < minRad - 1e-9 || rad > maxRad + 1e-9) {
        throw new RobotCommandError(
          'outside-limits',
          `${label.en} (${name}) moves between ${minRad.toFixed(3)} and ${maxRad.toFixed(3)} rad; ${rad.toFixed(3)} rad is outside its limits. Nothing was sent.`,
        );
      }
      if (joint.hwError !== 0) {
        throw new RobotCommandError(
          'hardware-error',
          `${label.en} (${name}) has a hardware error (${describeHw(joint.hwError)}). Reboot it first.`,
        );
      }
      if (!joint.torqueOn) {
        throw new RobotCommandError(
          'torque-off',
          `Torque is off on ${label.en} (${name}), so it cannot hold a position. Turn torque on first.`,
        );
      }
      // Clamp after rounding so a limit value never lands one pulse outside.
      const lo = Math.ceil(minRad / PULSE_RAD) + CENTRE_RAW;
      const hi = Math.floor(maxRad / PULSE_RAD) + CENTRE_RAW;
      const raw = Math.min(hi, Math.max(lo, Math.round(rad / PULSE_RAD) + CENTRE_RAW));
      return { id: joint.profile.servoId, data: encodeUint(raw, 4) };
    });
    if (entries.length === 0) return;
    const epoch = this.stopEpoch;
    await this.guard(() =>
      bus.syncWrite(GOAL_POSITION.address, GOAL_POSITION.size, entries, { priority: 'user' }),
    );
    if (epoch === this.stopEpoch) {
      this.movingUntil = performance.now() + 500;
      this.deriveState();
    }
  }

  async readControlTable(jointName: string): Promise<ControlTableEntry[]> {
    const bus = this.requireBus();
    const joint = this.joint(jointName);
    const result = await this.guard(() =>
      bus.read(joint.profile.servoId, 0, TABLE_READ_LENGTH, { priority: 'user' }),
    );
    return this.table.items
      .filter((item) => item.address + item.size <= TABLE_READ_LENGTH)
      .map((item) => this.entry(item, this.table.decode(item, result.data, item.address)));
  }

  /**
   * Writes one item, `value` in the entry's unit (SI when the item has one, else raw). EEPROM
   * items are refused while torque is on, with the reason, before anything is sent.
   */
  async writeControlTable(
    jointName: string,
    key: string,
    value: number,
    user?: string,
  ): Promise<ControlTableEntry> {
    const bus = this.requireBus();
    const joint = this.joint(jointName);
    const id = joint.profile.servoId;
    const item = this.table.find(key);
    if (!item) {
      throw new RobotCommandError(
        'unknown-item',
        `${this.table.model} has no control-table item "${key}". Read the control table to see the items.`,
      );
    }
    if (item.access !== 'RW') {
      throw new RobotCommandError(
        'read-only',
        `${item.name} is read-only: the servo reports it and cannot be told a value.`,
      );
    }
    const raw = this.table.fromSi(item, value);
    if (item.range && (raw < item.range.min || raw > item.range.max)) {
      const lo = this.table.toSi(item, item.range.min);
      const hi = this.table.toSi(item, item.range.max);
      const unit = item.si?.unit ?? item.unit ?? '';
      throw new RobotCommandError(
        'out-of-range',
        `${item.name} accepts ${round(lo)} … ${round(hi)}${unit ? ` ${unit}` : ''}; ${value} is outside that range. Nothing was written.`,
      );
    }
    const torque = await this.guard(() => bus.read(id, TORQUE_ADDRESS, 1, { priority: 'user' }));
    if (item.area === 'EEPROM' && (torque.data[0] ?? 0) !== 0) {
      throw new RobotCommandError(
        'eeprom-locked',
        `${item.name} is stored in EEPROM, which the servo locks while its torque is on. Turn torque off on ${joint.profile.label.en} (${jointName}) first — the joint will go limp, so support the arm — then write again. Nothing was written.`,
      );
    }
    const before = await this.guard(() =>
      bus.read(id, item.address, item.size, { priority: 'user' }),
    );
    await this.guard(() =>
      bus.write(id, item.address, this.table.encode(item, raw), { priority: 'user' }),
    );
    const after = await this.guard(() =>
      bus.read(id, item.address, item.size, { priority: 'user' }),
    );
    const entry = this.entry(item, this.table.decode(item, after.data, 0));
    const was = this.table.toSi(item, this.table.decode(item, before.data, 0));
    this.record(
      'operator',
      'info',
      `${this.name}: ${jointName} ${item.name} set to ${round(entry.value)}${entry.unit ? ` ${entry.unit}` : ''} (was ${round(was)}).`,
      user,
    );
    if (item.address <= 70 && item.address + item.size > 64) await this.readStatus('user');
    return entry;
  }

  /** Bytes as typed in the packet console; every status packet that comes back. */
  async consoleSend(
    hex: string,
  ): Promise<{ sent: string; replies: { hex: string; summary: string }[] }> {
    const bus = this.requireBus();
    const bytes = parseHex(hex);
    const packets = await this.guard(() => bus.sendRaw(bytes, { priority: 'user' }));
    return {
      sent: toHex(bytes),
      replies: packets.map((packet) => ({
        hex: toHex(packet.bytes),
        summary: describeStatus(packet),
      })),
    };
  }

  // ---- polling ----------------------------------------------------------------------------

  private startPolling(): void {
    this.polling = true;
    this.pollCount = 0;
    this.batchTimer = setInterval(() => this.flushTelemetry(), BATCH_MS);
    this.batchTimer.unref();
    this.schedulePoll(0);
  }

  private schedulePoll(delayMs: number): void {
    if (!this.polling || this.closed) return;
    // setTimeout has a 1 ms floor: a loop asked to run flat out uses setImmediate instead.
    const generation = this.generation;
    const run = () => {
      if (generation === this.generation) void this.pollOnce();
    };
    if (delayMs <= 0) {
      setImmediate(run);
      return;
    }
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      run();
    }, delayMs);
  }

  private async pollOnce(): Promise<void> {
    const bus = this.bus;
    if (!bus || !this.polling) return;
    const started = performance.now();
    try {
      const results = this.useFast
        ? await bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, this.ids, {
            priority: 'poll',
          })
        : await bus.syncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, this.ids, {
            priority: 'poll',
          });
      this.lastOkAt = performance.now();
      this.cycleTimes.push(this.lastOkAt);
      if (this.cycleTimes.length > 4 * this.pollHz) this.cycleTimes.shift();
      this.takeDiagnostics(results);
      this.pollCount++;
      const alert = results.some((r) => r.alert) !== this.joints.some((j) => j.hwError !== 0);
      if (alert || this.pollCount % this.statusEvery === 0) await this.readStatus('poll');
      this.deriveState();
    } catch (error) {
      if (bus !== this.bus) return; // The link changed underneath us.
      if (!(error instanceof QueueClosedError) && !(error instanceof DynamixelError)) {
        if (!this.transport?.isOpen) return; // lost() runs from the close handler.
      }
      const silentMs = performance.now() - this.lastOkAt;
      if (silentMs > (this.ctx.silenceTimeoutMs ?? 2000) && !(error instanceof QueueClosedError)) {
        this.lost(
          `no reply from the servos for ${(silentMs / 1000).toFixed(1)} s (power off or cable loose?)`,
        );
        return;
      }
    }
    const elapsed = performance.now() - started;
    this.schedulePoll(Math.max(0, 1000 / this.pollHz - elapsed));
  }

  private takeDiagnostics(results: ReadResult[]): void {
    const tMs = Date.now();
    for (const result of results) {
      const joint = this.joints.find((j) => j.profile.servoId === result.id);
      if (!joint || result.data.length < DIAGNOSTICS_LENGTH) continue;
      const diag = decodeDiagnostics(result.data, this.table);
      diag.positionRad -= CENTRE_RAW * PULSE_RAD;
      diag.positionTrajectoryRad -= CENTRE_RAW * PULSE_RAD;
      joint.diag = diag;
      this.samples.push({
        tMs,
        joint: joint.profile.name,
        positionRad: diag.positionRad,
        velocityRadS: diag.velocityRadS,
        currentA: diag.currentA,
        voltageV: diag.voltageV,
        temperatureC: diag.temperatureC,
        hwError: joint.hwError,
      });
    }
    // A stalled UI must not make the buffer grow without bound.
    if (this.samples.length > 50 * this.joints.length) this.samples.splice(0, this.joints.length);
  }

  private flushTelemetry(): void {
    if (this.samples.length === 0) return;
    const batch = { robotId: this.id, samples: this.samples };
    this.samples = [];
    try {
      this.ctx.onTelemetryBatch?.(batch);
      this.ctx.onTelemetry?.(batch);
    } catch {
      // A consumer's failure never stops the poll loop.
    }
  }

  private async readStatus(priority: 'user' | 'poll'): Promise<void> {
    const bus = this.bus;
    if (!bus) return;
    const results = await bus.syncRead(STATUS_ADDRESS, STATUS_LENGTH, this.ids, { priority });
    for (const result of results) {
      const joint = this.joints.find((j) => j.profile.servoId === result.id);
      if (!joint) continue;
      const torqueOn = (result.data[0] ?? 0) === 1;
      const hwError = result.data[HW_ERROR_OFFSET] ?? 0;
      if (hwError !== joint.hwError) this.hardwareErrorChanged(joint, hwError);
      joint.torqueOn = torqueOn;
      joint.hwError = hwError;
    }
  }

  private hardwareErrorChanged(joint: JointLive, hwError: number): void {
    const who = `${this.name}: ${joint.profile.label.en} (${joint.profile.name}, servo ${joint.profile.servoId})`;
    if (hwError === 0) {
      this.record('fault', 'info', `${who} hardware error cleared.`, undefined, {
        cleared: true,
        joint: joint.profile.name,
      });
      return;
    }
    const messages = decodeHardwareError(hwError);
    const text = messages.map((m) => m.en).join(' ') || `error bits 0x${hwError.toString(16)}`;
    const advice = messages[0]?.advice.en ?? 'Reboot the joint to clear it.';
    const fault = messages[0]?.code ?? 'hardware_error';
    this.record(
      'fault',
      'error',
      `${who} hardware error: ${text} Torque is off. ${advice}`,
      undefined,
      {
        fault,
        cause: fault,
        joint: joint.profile.name,
        hwError,
      },
    );
  }

  private deriveState(): void {
    if (!this.transport?.isOpen || this.stateValue === 'disconnected') return;
    const faulty = this.joints.find((joint) => joint.hwError !== 0);
    if (faulty) {
      this.setState('fault', `${faulty.profile.name}: ${describeHw(faulty.hwError)}`);
      return;
    }
    if (this.joints.some((joint) => !joint.torqueOn)) {
      this.setState('torque-off');
      return;
    }
    const moving = this.joints.some(
      (joint) => Math.abs(joint.diag?.velocityRadS ?? 0) > MOVING_RAD_S,
    );
    if (moving) this.movingUntil = Math.max(this.movingUntil, performance.now() + 200);
    this.setState(performance.now() < this.movingUntil ? 'running' : 'ready');
  }

  /** Fast Sync Read when the servos know it; Sync Read otherwise (older firmware). */
  private async chooseReadInstruction(bus: DynamixelBus): Promise<void> {
    try {
      await bus.fastSyncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, this.ids, {
        priority: 'user',
      });
      this.useFast = true;
    } catch (error) {
      const unsupported =
        (error instanceof DynamixelStatusError &&
          error.code === StatusErrorCode.InstructionError) ||
        error instanceof DynamixelTimeoutError;
      if (!unsupported) throw error;
      await bus.syncRead(DIAGNOSTICS_ADDRESS, DIAGNOSTICS_LENGTH, this.ids, { priority: 'user' });
      this.useFast = false;
      this.record(
        'connection',
        'info',
        `${this.name}: the servos do not answer Fast Sync Read; polling with Sync Read instead.`,
      );
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private traffic(event: TrafficEvent): void {
    const sink = this.ctx.onTraffic;
    if (!sink) return;
    if (event.direction === 'tx') {
      this.lastTxWasPoll = isPollPacket(event.bytes);
      if (this.lastTxWasPoll) {
        const now = performance.now();
        // Thin the poll loop's traffic to about one transaction a second.
        if (now < this.pollTrafficUntil) return;
        this.pollTrafficUntil = now + 1000;
        this.lastTxWasPoll = false;
      }
    } else if (this.lastTxWasPoll) {
      return;
    }
    const traffic: ConsoleTraffic = {
      robotId: this.id,
      direction: event.direction,
      hex: toHex(event.bytes),
      summary: event.summary,
      at: event.at,
    };
    try {
      sink(traffic);
    } catch {
      // The console is a viewer; it never breaks the bus.
    }
  }

  private jointStatus(joint: JointLive): JointStatus {
    const d = joint.diag;
    return {
      name: joint.profile.name,
      label: joint.profile.label,
      servoId: joint.profile.servoId,
      minRad: joint.profile.minRad,
      maxRad: joint.profile.maxRad,
      positionRad: d?.positionRad ?? 0,
      velocityRadS: d?.velocityRadS ?? 0,
      currentA: d?.currentA ?? 0,
      voltageV: d?.voltageV ?? 0,
      temperatureC: d?.temperatureC ?? 0,
      torqueOn: joint.torqueOn,
      hwError: joint.hwError,
      hwErrorText: decodeHardwareError(joint.hwError).map((m) => ({ en: m.en, ja: m.ja })),
    };
  }

  private entry(item: ControlTableItem, raw: number): ControlTableEntry {
    return {
      address: item.address,
      name: item.name,
      key: item.key,
      size: item.size,
      access: item.access,
      area: item.area,
      raw,
      value: this.table.toSi(item, raw),
      unit: item.si?.unit ?? item.unit,
      min: item.range ? this.table.toSi(item, item.range.min) : null,
      max: item.range ? this.table.toSi(item, item.range.max) : null,
    };
  }

  private joint(name: string): JointLive {
    const joint = this.joints.find((j) => j.profile.name === name);
    if (!joint) {
      throw new RobotCommandError(
        'unknown-joint',
        `${this.profile.name.en} has no joint "${name}". Its joints are ${this.joints.map((j) => j.profile.name).join(', ')}.`,
      );
    }
    return joint;
  }

  private requireBus(): DynamixelBus {
    if (!this.bus || !this.transport?.isOpen) {
      throw new RobotCommandError(
        'not-connected',
        `${this.name} is not connected. Check the cable and power; the command was not sent.`,
      );
    }
    return this.bus;
  }

  /** Bus failures become messages a technician can act on. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DynamixelStatusError) {
        throw new RobotCommandError(
          error.human.code,
          `Servo ${error.id}: ${error.human.en} ${error.human.advice.en}`,
        );
      }
      if (error instanceof DynamixelError)
        throw new RobotCommandError(error.human.code, error.message);
      if (error instanceof QueueClosedError) {
        throw new RobotCommandError(
          'not-sent',
          `${this.name}: the command was not sent because the link closed or an emergency stop cleared the queue.`,
        );
      }
      throw error;
    }
  }
}

/** The poll loop's own transactions: (Fast) Sync Read of 124 or 64. */
function isPollPacket(bytes: Uint8Array): boolean {
  const instruction = bytes[7];
  if (instruction !== Instruction.FastSyncRead && instruction !== Instruction.SyncRead)
    return false;
  const address = (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8);
  return address === DIAGNOSTICS_ADDRESS || address === STATUS_ADDRESS;
}

export function parseHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  if (digits.length === 0) {
    throw new RobotCommandError(
      'empty-packet',
      'Type the packet as hex bytes, e.g. FF FF FD 00 01 03 00 01 19 4E.',
    );
  }
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
    throw new RobotCommandError(
      'bad-hex',
      'The packet must be whole bytes in hex (two digits each, e.g. FF 01). Nothing was sent.',
    );
  }
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function describeHw(bits: number): string {
  return (
    decodeHardwareError(bits)
      .map((m) => m.code.replace(/_/g, ' '))
      .join(', ') || `0x${bits.toString(16)}`
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
