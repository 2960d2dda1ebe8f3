/**
 * Everything about the robot link in one service: serial ports and hot-plug, connecting robots
 * by path + profile (registered in the robots table by adapter identity, so a replugged robot
 * keeps its name), bus scans with progress and cancel, commands, emergency stop of the whole
 * fleet, and the demo facility. It never imports electron; the API handlers are a thin layer
 * over it.
 */
import { randomUUID } from 'node:crypto';
import type {
  ConsoleTraffic,
  ControlTableEntry,
  LogEvent,
  RobotDetail,
  RobotSummary,
  ScanProgress,
  ScanRequest,
  SerialPortSummary,
  TelemetryBatch,
} from '../domain';
import { DemoFacility, type DemoTarget } from '../demo/demo-facility';
import { listSerialPorts, typedPort } from '../discovery/list-serial-ports';
import { PortWatcher, type PortChange } from '../discovery/port-watcher';
import type { SerialPortInfo } from '../discovery/serial-port-info';
import { scanBus, scanTotal, ScanCancelledError, ScanPortClosedError } from '../scan/bus-scanner';
import type { ByteTransport } from '../transport/byte-transport';
import { SerialPortTransport } from '../transport/serial-port-transport';
import { ArmSession } from './arm-session';
import { GripperSession, type GripperCommand } from './gripper-session';
import type { RobotFleet } from './robot-fleet';
import { getRobotProfile, loadRobotProfiles, type RobotProfile } from './robot-profile';
import {
  RobotCommandError,
  type RobotSession,
  type SessionContext,
  type SessionRecord,
} from './robot-session';
import type { SimFaultRequest } from './sim/simulated-robot';

/** What the service needs of the database (the DbClient's `call`, narrowed for tests). */
export interface RobotRegistry {
  findRobotByIdentity(identity: string): Promise<RegisteredRobot | null>;
  listRobots(): Promise<RegisteredRobot[]>;
  saveRobot(robot: RegisteredRobot, actor: string): Promise<RegisteredRobot>;
  appendEvent(record: SessionRecord & { tMs: number }): Promise<LogEvent>;
}

export interface RegisteredRobot {
  id: string;
  name: string;
  profile: string;
  identity: string;
  settings: Record<string, unknown>;
  createdMs: number;
  lastSeenMs?: number | null;
}

export interface RobotLinkEvents {
  portsChanged?: (ports: SerialPortSummary[]) => void;
  scanProgress?: (progress: ScanProgress) => void;
  telemetryBatch?: (batch: TelemetryBatch) => void;
  traffic?: (traffic: ConsoleTraffic) => void;
  eventAppended?: (event: LogEvent) => void;
}

export interface RobotLinkOptions {
  fleet: RobotFleet;
  registry: RobotRegistry;
  events?: RobotLinkEvents;
  /** Every telemetry batch, for the flight recorder in the database. */
  onTelemetry?: (batch: TelemetryBatch) => void;
  listPorts?: () => Promise<SerialPortInfo[]>;
  openPort?: (path: string, baudRate: number) => Promise<ByteTransport>;
  portPollMs?: number;
  log?: (line: string) => void;
}

export class RobotLinkService {
  private readonly fleet: RobotFleet;
  private readonly registry: RobotRegistry;
  private readonly events: RobotLinkEvents;
  private readonly sessions = new Map<string, RobotSession>();
  private readonly scans = new Map<string, { controller: AbortController; path: string }>();
  private readonly watcher: PortWatcher;
  private readonly openPort: (path: string, baudRate: number) => Promise<ByteTransport>;
  private demoFacility: DemoFacility | undefined;
  private closed = false;
  /** Adapters a person disconnected on purpose: not reconnected automatically until connected again. */
  private readonly heldBack = new Set<string>();

  constructor(private readonly options: RobotLinkOptions) {
    this.fleet = options.fleet;
    this.registry = options.registry;
    this.events = options.events ?? {};
    this.openPort = options.openPort ?? ((path, baud) => SerialPortTransport.open(path, baud));
    this.watcher = new PortWatcher(
      options.listPorts ?? (() => listSerialPorts()),
      (change) => this.portsChanged(change),
      options.portPollMs ?? 1000,
    );
  }

  async start(): Promise<void> {
    const ports = await this.watcher.start();
    this.events.portsChanged?.(this.listPorts());
    void this.reconnectRegistered(ports);
  }

  get demo(): DemoFacility | undefined {
    return this.demoFacility;
  }

  /** Serial ports (with adapter names and which robot uses each) plus the demo robots' ports. */
  listPorts(): SerialPortSummary[] {
    const inUse = new Map([...this.sessions.values()].map((s) => [s.port, s.name]));
    const ports: SerialPortSummary[] = this.watcher.ports.map((port) => {
      const summary: SerialPortSummary = {
        path: port.path,
        identity: port.identity,
        source: port.source,
      };
      if (port.adapterName) summary.adapterName = port.adapterName;
      if (port.vendorId) summary.vendorId = port.vendorId;
      if (port.productId) summary.productId = port.productId;
      if (port.serialNumber) summary.serialNumber = port.serialNumber;
      if (port.byIdPath) summary.byIdPath = port.byIdPath;
      const user = inUse.get(port.path);
      if (user) summary.inUseBy = user;
      return summary;
    });
    for (const robot of this.demoFacility?.robots ?? []) {
      const user = inUse.get(robot.port);
      ports.push({
        path: robot.port,
        identity: robot.identity,
        adapterName: `Simulated ${robot.profileId}`,
        source: 'demo',
        ...(user ? { inUseBy: user } : {}),
      });
    }
    return ports;
  }

  /** A known robot adapter (a profile lists its VID:PID) is plugged in. */
  knownAdapterPresent(): boolean {
    const adapters = new Set([...loadRobotProfiles().values()].flatMap((p) => p.adapters));
    return this.watcher.ports.some(
      (port) =>
        port.vendorId && port.productId && adapters.has(`${port.vendorId}:${port.productId}`),
    );
  }

  async connect(
    args: { path: string; profileId: string; name?: string | undefined },
    actor: string,
  ): Promise<RobotSummary> {
    const profile = this.profile(args.profileId);
    const existing = [...this.sessions.values()].find((s) => s.port === args.path);
    if (existing) {
      throw new RobotCommandError(
        'port-in-use',
        `${args.path} is already in use by ${existing.name}. Disconnect it first, or pick another port.`,
      );
    }
    const port = this.watcher.ports.find((p) => p.path === args.path) ?? typedPort(args.path);
    this.heldBack.delete(port.identity);
    const record = await this.registry.findRobotByIdentity(port.identity);
    const id = record?.id ?? `robot-${randomUUID().slice(0, 8)}`;
    const name = args.name ?? record?.name ?? (await this.defaultName(profile));
    const session = this.createSession(profile, {
      id,
      name,
      identity: port.identity,
      port: args.path,
      open: (baud) => this.openPort(args.path, baud),
    });
    try {
      await session.start();
    } catch (error) {
      throw new RobotCommandError(
        'connect-failed',
        error instanceof Error ? error.message : String(error),
      );
    }
    await this.register(session, record, actor);
    this.adopt(session);
    return session.summary();
  }

  async disconnect(robotId: string): Promise<void> {
    const session = this.session(robotId);
    this.heldBack.add(session.identity);
    this.sessions.delete(robotId);
    await this.fleet.remove(robotId);
    this.events.portsChanged?.(this.listPorts());
  }

  async rename(robotId: string, name: string, actor: string): Promise<RobotSummary> {
    const session = this.session(robotId);
    const record = await this.registry.findRobotByIdentity(session.identity);
    await this.registry.saveRobot(
      {
        id: session.id,
        name,
        profile: session.profile.id,
        identity: session.identity,
        settings: record?.settings ?? {},
        createdMs: record?.createdMs ?? Date.now(),
        lastSeenMs: Date.now(),
      },
      actor,
    );
    session.rename(name);
    return session.summary();
  }

  detail(robotId: string): RobotDetail {
    return this.session(robotId).detail();
  }

  async command(
    robotId: string,
    command: 'torque-on' | 'torque-off' | 'reboot' | 'go-home',
    joint: string | undefined,
    actor: string,
  ): Promise<void> {
    const session = this.session(robotId);
    if (session instanceof GripperSession) {
      if (command === 'torque-on' || command === 'reboot') {
        return session.command({ action: 'activate' }, actor);
      }
      if (command === 'torque-off') return session.command({ action: 'stop' }, actor);
      return session.command({ action: 'open' }, actor);
    }
    const arm = session as ArmSession;
    switch (command) {
      case 'torque-on':
        return arm.setTorque(true, joint, actor);
      case 'torque-off':
        return arm.setTorque(false, joint, actor);
      case 'reboot':
        return arm.reboot(joint, actor);
      case 'go-home':
        return arm.goHome(actor);
    }
  }

  moveJoint(robotId: string, joint: string, positionRad: number, actor: string): Promise<void> {
    return this.arm(robotId).moveJoint(joint, positionRad, actor);
  }

  gripperCommand(robotId: string, command: GripperCommand, actor: string): Promise<void> {
    const session = this.session(robotId);
    if (!(session instanceof GripperSession)) {
      throw new RobotCommandError(
        'not-a-gripper',
        `${session.name} is an arm; its gripper joint moves with robots.moveJoint.`,
      );
    }
    return session.command(command, actor);
  }

  readControlTable(robotId: string, joint: string): Promise<ControlTableEntry[]> {
    return this.arm(robotId).readControlTable(joint);
  }

  writeControlTable(
    robotId: string,
    joint: string,
    key: string,
    value: number,
    actor: string,
  ): Promise<ControlTableEntry> {
    return this.arm(robotId).writeControlTable(joint, key, value, actor);
  }

  consoleSend(robotId: string, hex: string) {
    return this.session(robotId).consoleSend(hex);
  }

  /** Torque off on one robot, or on every robot at once; returns the robots that were stopped. */
  async emergencyStop(robotId: string | undefined, actor: string): Promise<string[]> {
    const targets = robotId ? [this.session(robotId)] : [...this.sessions.values()];
    const results = await Promise.allSettled(targets.map((s) => s.emergencyStop(actor)));
    return targets
      .filter((_, i) => {
        const result = results[i];
        return result?.status === 'fulfilled' && result.value !== null;
      })
      .map((s) => s.id);
  }

  startScan(args: ScanRequest): { scanId: string } {
    const user = [...this.sessions.values()].find((s) => s.port === args.path);
    if (user) {
      throw new RobotCommandError(
        'port-in-use',
        `${args.path} is in use by ${user.name}. Disconnect it before scanning: a scan changes the baud rate and would disturb its poll loop.`,
      );
    }
    if ([...this.scans.values()].some((scan) => scan.path === args.path)) {
      throw new RobotCommandError('scan-running', `A scan of ${args.path} is already running.`);
    }
    const scanId = randomUUID();
    const controller = new AbortController();
    this.scans.set(scanId, { controller, path: args.path });
    const options = {
      ...(args.protocols ? { protocols: args.protocols } : {}),
      ...(args.bauds ? { bauds: args.bauds } : {}),
    };
    const total = scanTotal(options);
    const emit = (progress: Omit<ScanProgress, 'scanId' | 'path'>) =>
      this.events.scanProgress?.({ scanId, path: args.path, ...progress });
    void (async () => {
      let transport: ByteTransport | undefined;
      let found: ScanProgress['found'] = [];
      let done = 0;
      try {
        transport = await this.openPort(args.path, args.bauds?.[0] ?? 1_000_000);
        emit({ done: 0, total, protocol: null, baud: null, found, state: 'running' });
        found = await scanBus(transport, {
          ...options,
          signal: controller.signal,
          onProgress: (step) => {
            done = step.done;
            found = step.found;
            emit({ ...step, state: 'running' });
          },
        });
        emit({ done: total, total, protocol: null, baud: null, found, state: 'finished' });
      } catch (error) {
        const cancelled = error instanceof ScanCancelledError;
        if (error instanceof ScanPortClosedError) found = error.found;
        emit({
          done,
          total,
          protocol: null,
          baud: null,
          found,
          state: cancelled ? 'cancelled' : 'failed',
          ...(cancelled ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      } finally {
        this.scans.delete(scanId);
        await transport?.close().catch(() => undefined);
      }
    })();
    return { scanId };
  }

  cancelScan(scanId: string): void {
    const scan = this.scans.get(scanId);
    if (!scan) {
      throw new RobotCommandError(
        'unknown-scan',
        'That scan has already finished or never existed.',
      );
    }
    scan.controller.abort();
  }

  /** Starts the in-process demo robots and their pick-and-place routine. */
  async startDemo(options: { seed?: number; routine?: boolean } = {}): Promise<DemoFacility> {
    if (this.demoFacility) return this.demoFacility;
    const demo = new DemoFacility(options.seed === undefined ? {} : { seed: options.seed });
    this.demoFacility = demo;
    const sessions: RobotSession[] = [];
    for (const robot of demo.robots) {
      const profile = this.profile(robot.profileId);
      const record = await this.registry.findRobotByIdentity(robot.identity);
      const session = this.createSession(profile, {
        id: record?.id ?? `demo-${robot.target}`,
        name: record?.name ?? robot.name,
        identity: robot.identity,
        port: robot.port,
        simulated: true,
        open: robot.open,
      });
      await session.start();
      await this.register(session, record, 'demo');
      this.adopt(session);
      sessions.push(session);
    }
    const [arm, gripper] = sessions;
    if (
      options.routine !== false &&
      arm instanceof ArmSession &&
      gripper instanceof GripperSession
    ) {
      demo.startRoutine(arm, gripper);
    }
    return demo;
  }

  /** For the UI's "simulate a fault" tools and tests: a fault in a demo simulator. */
  injectDemoFault(target: DemoTarget, fault: SimFaultRequest): void {
    if (!this.demoFacility) {
      throw new RobotCommandError(
        'no-demo',
        'The demo facility is not running (start with --demo).',
      );
    }
    this.demoFacility.injectFault(target, fault);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watcher.stop();
    for (const scan of this.scans.values()) scan.controller.abort();
    const ids = [...this.sessions.keys()];
    this.sessions.clear();
    await Promise.allSettled(ids.map((id) => this.fleet.remove(id)));
    await this.demoFacility?.close();
  }

  // ---------------------------------------------------------------------------------------

  private createSession(
    profile: RobotProfile,
    base: Pick<SessionContext, 'id' | 'name' | 'identity' | 'port' | 'open' | 'simulated'>,
  ): RobotSession {
    const ctx: SessionContext = {
      ...base,
      record: (record) => this.record(record),
      onTelemetryBatch: (batch) => this.events.telemetryBatch?.(batch),
      ...(this.options.onTelemetry ? { onTelemetry: this.options.onTelemetry } : {}),
      onTraffic: (traffic) => this.events.traffic?.(traffic),
    };
    return profile.kind === 'arm' ? new ArmSession(profile, ctx) : new GripperSession(profile, ctx);
  }

  private adopt(session: RobotSession): void {
    this.sessions.set(session.id, session);
    this.fleet.add(session);
    this.events.portsChanged?.(this.listPorts());
  }

  private async register(
    session: RobotSession,
    record: RegisteredRobot | null,
    actor: string,
  ): Promise<void> {
    try {
      await this.registry.saveRobot(
        {
          id: session.id,
          name: session.name,
          profile: session.profile.id,
          identity: session.identity,
          settings: { ...(record?.settings ?? {}), lastPort: session.port },
          createdMs: record?.createdMs ?? Date.now(),
          lastSeenMs: Date.now(),
        },
        actor,
      );
    } catch (error) {
      this.options.log?.(`Could not register ${session.name}: ${(error as Error).message}`);
    }
  }

  private record(record: SessionRecord): void {
    this.registry.appendEvent({ ...record, tMs: Date.now() }).then(
      (event) => this.events.eventAppended?.(event),
      (error: unknown) =>
        this.options.log?.(`Could not log "${record.text}": ${(error as Error).message}`),
    );
  }

  private portsChanged(change: PortChange): void {
    // An adapter that came back on another path (same USB serial / by-id): follow it.
    for (const port of change.added) {
      for (const session of this.sessions.values()) {
        if (session.state !== 'disconnected' || session.identity !== port.identity) continue;
        if (session.port === port.path) session.reconnectNow();
        else session.retarget(port.path, (baud) => this.openPort(port.path, baud));
      }
    }
    this.events.portsChanged?.(this.listPorts());
    void this.reconnectRegistered(change.added);
  }

  /**
   * A registered robot's adapter is present (at start-up or plugged in) and nothing uses it:
   * connect it with its saved profile and name. Only adapters with a stable identity (USB serial
   * number or by-id name) qualify; a bare path could be a different device today.
   */
  private async reconnectRegistered(ports: SerialPortInfo[]): Promise<void> {
    for (const port of ports) {
      if (this.closed || !/^(usb|by-id):/.test(port.identity)) continue;
      if (this.heldBack.has(port.identity)) continue;
      const busy = [...this.sessions.values()].some(
        (s) => s.identity === port.identity || s.port === port.path,
      );
      if (busy) continue;
      try {
        const record = await this.registry.findRobotByIdentity(port.identity);
        if (!record) continue;
        await this.connect({ path: port.path, profileId: record.profile }, 'system');
      } catch (error) {
        this.options.log?.(
          `Could not reconnect the robot on ${port.path}: ${(error as Error).message}`,
        );
      }
    }
  }

  private async defaultName(profile: RobotProfile): Promise<string> {
    const base = profile.kind === 'arm' ? 'Arm' : 'Gripper';
    const taken = new Set([
      ...(await this.registry.listRobots()).map((r) => r.name),
      ...[...this.sessions.values()].map((s) => s.name),
    ]);
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      if (!taken.has(`${base} ${letter}`)) return `${base} ${letter}`;
    }
    return `${base} ${taken.size + 1}`;
  }

  private profile(id: string): RobotProfile {
    try {
      return getRobotProfile(id);
    } catch (error) {
      throw new RobotCommandError('unknown-profile', (error as Error).message);
    }
  }

  private session(robotId: string): RobotSession {
    const session = this.sessions.get(robotId);
    if (!session) {
      throw new RobotCommandError(
        'unknown-robot',
        `There is no connected robot with id "${robotId}". Refresh the robot list.`,
      );
    }
    return session;
  }

  private arm(robotId: string): ArmSession {
    const session = this.session(robotId);
    if (!(session instanceof ArmSession)) {
      throw new RobotCommandError(
        'not-an-arm',
        `${session.name} is a gripper: it has no joints or control table. Use the gripper controls.`,
      );
    }
    return session;
  }
}
