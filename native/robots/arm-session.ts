/**
 * A Dynamixel arm (profile kind 'arm', e.g. OpenManipulator-X) as a live session: one poll loop
 * reading every joint's 23-byte diagnostics block with ONE Fast Sync Read per cycle (Sync Read
 * when the servos do not know Fast Sync Read), Torque Enable … Hardware Error Status at a lower
 * rate, telemetry in ~100 ms batches, and commands through the bus queue by priority.
 *
 * Emergency stop is one Sync Write of Torque Enable = 0 to every joint at 'emergency' priority:
 * the queue sends it next (after the transaction already on the wire), and queued polls are
 * dropped so nothing stands between the call and the wire.
 *
 * The joints' state and angle conversions are in arm-joints.ts, the control-table rules in
 * arm-control-table.ts, the multi-step bus reads in arm-bus.ts; the poll loop and the packet
 * console are shared with the gripper (poll-loop.ts, packet-console.ts).
 */
import { EVENT_WORDS, type ControlTableEntry, type RobotDetail } from '../domain';
import { DynamixelBus } from '../servos/dynamixel2/bus';
import { encodeUint, toHex } from '../servos/dynamixel2/bytes';
import { XM430_W350, type ControlTable } from '../servos/dynamixel2/control-table';
import { describeStatus } from '../servos/dynamixel2/describe';
import type { ByteTransport } from '../transport/byte-transport';
import {
  checkServosAnswer,
  guardArmBus,
  isBusFailure,
  isPollPacket,
  readDiagnostics,
  supportsFastSyncRead,
  writeMotionLimits,
} from './arm-bus';
import { readControlTable, round, writeControlTable } from './arm-control-table';
import {
  armAttention,
  describeHw,
  findJoint,
  hardwareFaultReason,
  GOAL_POSITION,
  goalRaw,
  hardwareErrorRecord,
  isMoving,
  jointStatus,
  liveJoints,
  STATUS_ADDRESS,
  STATUS_LENGTH,
  takeDiagnostics,
  takeStatus,
  type JointLive,
} from './arm-joints';
import { ConsoleTap, parseHex, type ConsoleExchange } from './packet-console';
import { PollLoop } from './poll-loop';
import type { ArmRobotProfile } from './robot-profile';
import { TelemetryBatcher } from './telemetry-batcher';
import { RobotCommandError, RobotSession, type SessionContext } from './robot-session';

export { parseHex } from './packet-console';

const TORQUE_ADDRESS = 64;

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
  private pollCount = 0;
  private movingUntil = 0;
  private readonly telemetry: TelemetryBatcher;
  private offTraffic: (() => void) | undefined;
  private readonly console: ConsoleTap;
  private readonly statusEvery: number;
  private readonly loop: PollLoop;
  /** Bumped by every emergency stop: motions started before it give up. */
  private stopEpoch = 0;

  constructor(profile: ArmRobotProfile, ctx: SessionContext, options: ArmSessionOptions = {}) {
    super(profile, ctx);
    this.table = options.table ?? XM430_W350;
    this.joints = liveJoints(profile.joints);
    this.ids = profile.joints.map((joint) => joint.servoId);
    const pollHz = ctx.pollHz ?? 50;
    this.statusEvery = options.statusEvery ?? Math.max(1, Math.round(pollHz / 5));
    // A stalled UI must not make the buffer grow without bound: 50 polls at the most.
    this.telemetry = new TelemetryBatcher(
      this.id,
      [ctx.onTelemetryBatch, ctx.onTelemetry],
      50 * this.joints.length,
      this.joints.length,
    );
    this.console = new ConsoleTap(this.id, ctx.onTraffic, isPollPacket);
    this.loop = new PollLoop({
      hz: pollHz,
      silenceTimeoutMs: ctx.silenceTimeoutMs ?? 2000,
      poll: () => this.pollOnce(),
      // lost() runs from the close handler when the transport itself went away.
      keepsGoing: (error) => isBusFailure(error) || this.transport?.isOpen === true,
      onSilent: (silentMs) =>
        this.lost(
          `no reply from the servos for ${(silentMs / 1000).toFixed(1)} s (power off or cable loose?)`,
        ),
    });
  }

  /** The bus of the current link (undefined while disconnected); for tests and benchmarks. */
  get currentBus(): DynamixelBus | undefined {
    return this.bus;
  }

  get usesFastSyncRead(): boolean {
    return this.useFast;
  }

  get measuredPollHz(): number {
    return this.loop.measuredHz;
  }

  protected async initialize(transport: ByteTransport): Promise<void> {
    const bus = new DynamixelBus(transport);
    this.bus = bus;
    this.offTraffic = bus.onTraffic((event) => this.console.take(event));
    await checkServosAnswer(
      bus,
      transport,
      this.ids,
      this.profile.name.en,
      this.port,
      this.profile.baudRate,
    );
    await this.readStatus('user');
    this.useFast = await supportsFastSyncRead(bus, this.ids);
    if (!this.useFast) {
      this.record('connection', 'info', ['arm.syncReadFallback', { robot: this.name }]);
    }
    // Gentle, profile-limited motion for every later goal (RAM: allowed with torque on).
    await writeMotionLimits(bus, this.table, this.profile.joints);
    this.deriveState();
    this.pollCount = 0;
    this.telemetry.start();
    this.loop.start();
  }

  protected detachLink(): void {
    this.loop.stop();
    this.telemetry.stop();
    this.offTraffic?.();
    this.offTraffic = undefined;
    this.bus?.close();
    this.bus = undefined;
  }

  protected attention(): { en: string; ja: string } | null {
    return armAttention(this.stateValue, this.joints);
  }

  detail(): RobotDetail {
    return {
      summary: this.summary(),
      profileName: this.profile.name,
      kind: 'arm',
      joints: this.joints.map(jointStatus),
      gripper: null,
      bus: this.busStats(this.measuredPollHz, this.bus?.counters),
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
      user
        ? ['arm.emergencyStopBy', { robot: this.name, user }]
        : ['arm.emergencyStop', { robot: this.name }],
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
    this.logAction(user, 'arm.torque', {
      onOff: on ? EVENT_WORDS.on : EVENT_WORDS.off,
      joints: jointName ?? EVENT_WORDS.allJoints,
    });
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
    await new Promise((resolve) => setTimeout(resolve, 100));
    await this.readStatus('user');
    this.logAction(user, 'arm.rebooted', { joints: jointName ?? EVENT_WORDS.allJoints });
    this.deriveState();
  }

  goHome(user?: string): Promise<void> {
    const targets = Object.fromEntries(this.joints.map((j) => [j.profile.name, j.profile.homeRad]));
    if (user) this.logAction(user, 'arm.goingHome');
    return this.moveJoints(targets);
  }

  moveJoint(jointName: string, positionRad: number, user?: string): Promise<void> {
    if (user)
      this.logAction(user, 'arm.moveJoint', { joint: jointName, rad: positionRad.toFixed(3) });
    return this.moveJoints({ [jointName]: positionRad });
  }

  /** One Sync Write of Goal Position for the joints named; refused (nothing sent) outside limits. */
  async moveJoints(targets: Record<string, number>): Promise<void> {
    const bus = this.requireBus();
    const entries = Object.entries(targets).map(([name, rad]) => {
      const joint = this.joint(name);
      return { id: joint.profile.servoId, data: encodeUint(goalRaw(joint, rad), 4) };
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

  readControlTable(jointName: string): Promise<ControlTableEntry[]> {
    const bus = this.requireBus();
    const joint = this.joint(jointName);
    return readControlTable(bus, this.table, joint.profile.servoId, this.guard);
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
    const { item, entry, was } = await writeControlTable(
      bus,
      this.table,
      { id: joint.profile.servoId, key, value, jointName, jointLabel: joint.profile.label.en },
      this.guard,
    );
    this.logAction(user, 'arm.controlTableSet', {
      joint: jointName,
      item: item.name,
      value: round(entry.value),
      unit: entry.unit ? ` ${entry.unit}` : '',
      was: round(was),
    });
    const touchesStatus =
      item.address < STATUS_ADDRESS + STATUS_LENGTH && item.address + item.size > STATUS_ADDRESS;
    if (touchesStatus) await this.readStatus('user');
    return entry;
  }

  /** Bytes as typed in the packet console; every status packet that comes back. */
  async consoleSend(hex: string): Promise<ConsoleExchange> {
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

  private async pollOnce(): Promise<void> {
    const bus = this.bus;
    if (!bus) return;
    const results = await readDiagnostics(bus, this.ids, this.useFast, 'poll');
    this.loop.answered();
    this.telemetry.add(takeDiagnostics(this.joints, results, this.table));
    this.pollCount++;
    const alert = results.some((r) => r.alert) !== this.joints.some((j) => j.hwError !== 0);
    if (alert || this.pollCount % this.statusEvery === 0) await this.readStatus('poll');
    this.deriveState();
  }

  private async readStatus(priority: 'user' | 'poll'): Promise<void> {
    const bus = this.bus;
    if (!bus) return;
    const results = await bus.syncRead(STATUS_ADDRESS, STATUS_LENGTH, this.ids, { priority });
    takeStatus(this.joints, results, (joint, hwError) => this.hardwareErrorChanged(joint, hwError));
  }

  private hardwareErrorChanged(joint: JointLive, hwError: number): void {
    const { severity, line, data } = hardwareErrorRecord(this.name, joint, hwError);
    this.record('fault', severity, line, undefined, data);
  }

  private deriveState(): void {
    if (!this.transport?.isOpen || this.stateValue === 'disconnected') return;
    const faulty = this.joints.find((joint) => joint.hwError !== 0);
    if (faulty) {
      this.setState(
        'fault',
        `${faulty.profile.name}: ${describeHw(faulty.hwError)}`,
        hardwareFaultReason(faulty),
      );
      return;
    }
    if (this.joints.some((joint) => !joint.torqueOn)) {
      this.setState('torque-off');
      return;
    }
    if (isMoving(this.joints))
      this.movingUntil = Math.max(this.movingUntil, performance.now() + 200);
    this.setState(performance.now() < this.movingUntil ? 'running' : 'ready');
  }

  // ---- helpers ----------------------------------------------------------------------------

  private joint(name: string): JointLive {
    return findJoint(this.joints, name, this.profile.name.en);
  }

  private requireBus(): DynamixelBus {
    if (!this.bus || !this.transport?.isOpen) throw this.notConnected();
    return this.bus;
  }

  private readonly guard = <T>(run: () => Promise<T>): Promise<T> => guardArmBus(this.name, run);
}
