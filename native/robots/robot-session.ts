/**
 * What every robot session shares, whatever its protocol: the state machine, the connection
 * lifecycle (first connect, unplug → 'disconnected', reconnect by itself with backoff), event
 * records for the log, and change notification for the fleet.
 *
 *   connecting → ready | torque-off | running | fault      (derived from what the robot reports)
 *   any        → disconnected                                (link closed, or no reply for a while)
 *   disconnected → connecting → …                            (the same path, or the same adapter
 *                                                             identity on another path, came back)
 */
import {
  EVENT_WORDS,
  messageEvent,
  type Bilingual,
  type BusStats,
  type EventMessageCode,
  type MessageParam,
  type RobotDetail,
  type RobotState,
  type RobotSummary,
  type Severity,
} from '../domain';
import type { ByteTransport } from '../transport/byte-transport';
import type { FleetMember } from './robot-fleet';
import type { RobotProfile } from './robot-profile';
import type { SessionContext, SessionRecord } from './session-context';

export type { SessionContext, SessionRecord } from './session-context';

/** A refused or failed command, with a stable code and a message that says what to do. */
export class RobotCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RobotCommandError';
  }
}

type Text = { en: string; ja: string };

export abstract class RobotSession implements FleetMember {
  readonly id: string;
  protected stateValue: RobotState = 'connecting';
  protected transport: ByteTransport | undefined;
  protected closed = false;
  protected lastError: Text | null = null;
  private nameValue: string;
  private portValue: string;
  private readonly listeners = new Set<() => void>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;
  private everConnected = false;
  private attaching = false;
  private offClose: (() => void) | undefined;

  constructor(
    readonly profile: RobotProfile,
    protected readonly ctx: SessionContext,
  ) {
    this.id = ctx.id;
    this.nameValue = ctx.name;
    this.portValue = ctx.port;
    this.reconnectDelay = ctx.reconnectDelayMs?.initial ?? 250;
  }

  get state(): RobotState {
    return this.stateValue;
  }

  get name(): string {
    return this.nameValue;
  }

  get port(): string {
    return this.portValue;
  }

  get identity(): string {
    return this.ctx.identity;
  }

  get isConnected(): boolean {
    return this.transport?.isOpen === true && this.stateValue !== 'disconnected';
  }

  rename(name: string): void {
    this.nameValue = name;
    this.changed();
  }

  /** The adapter reappeared on another path (identity match): use it from now on. */
  retarget(port: string, open: SessionContext['open']): void {
    this.portValue = port;
    this.ctx.open = open;
    this.reconnectNow();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  summary(): RobotSummary {
    return {
      id: this.id,
      name: this.nameValue,
      profile: this.profile.id,
      state: this.stateValue,
      port: this.portValue,
      simulated: this.ctx.simulated ?? false,
      attention: this.attention(),
    };
  }

  /**
   * First connection: resolves once the robot answers, rejects (and stays closed) when the port
   * cannot be opened or nothing answers, so a person gets the reason at once.
   */
  async start(): Promise<void> {
    try {
      await this.attach();
    } catch (error) {
      this.closed = true;
      this.stateValue = 'disconnected';
      throw error;
    }
  }

  /** Skips the backoff wait (the port just reappeared). */
  reconnectNow(): void {
    if (this.closed || this.isConnected || this.attaching) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.reconnectDelay = this.ctx.reconnectDelayMs?.initial ?? 250;
    this.scheduleReconnect(0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const transport = this.transport;
    this.detachLink();
    if (transport?.isOpen) await transport.close().catch(() => undefined);
    this.offClose?.();
    if (this.stateValue !== 'disconnected') {
      this.record(
        'connection',
        'info',
        ['robot.disconnectedByOperator', { robot: this.nameValue }],
        undefined,
        { connected: false },
      );
    }
    this.stateValue = 'disconnected';
    this.changed();
  }

  /** Stops motion as one transaction ahead of everything queued; null when not connected. */
  abstract emergencyStop(user?: string): Promise<{ calledAt: number; writtenAt: number } | null>;
  abstract detail(): RobotDetail;
  /** Raw bytes from the packet console; whatever comes back. */
  abstract consoleSend(
    hex: string,
  ): Promise<{ sent: string; replies: { hex: string; summary: string }[] }>;

  /** Protocol work after the link opened: check the robot answers, read its state, start polling. */
  protected abstract initialize(transport: ByteTransport): Promise<void>;
  /** Stops polling and drops protocol objects; the transport is closed by the caller. */
  protected abstract detachLink(): void;
  /** What care staff should be told, or null when all is well. */
  protected abstract attention(): Text | null;

  /** The bus figures of `detail()`; counters absent while disconnected. */
  protected busStats(
    pollHz: number,
    counters: Omit<BusStats, 'path' | 'baudRate' | 'pollHz'> | undefined,
  ): BusStats {
    return {
      path: this.port,
      baudRate: this.profile.baudRate,
      pollHz,
      tx: counters?.tx ?? 0,
      rx: counters?.rx ?? 0,
      timeouts: counters?.timeouts ?? 0,
      crcErrors: counters?.crcErrors ?? 0,
      garbageBytes: counters?.garbageBytes ?? 0,
    };
  }

  protected notConnected(): RobotCommandError {
    return new RobotCommandError(
      'not-connected',
      `${this.name} is not connected. Check the cable and power; the command was not sent.`,
    );
  }

  protected changed(): void {
    for (const listener of this.listeners) listener();
  }

  protected record(
    kind: SessionRecord['kind'],
    severity: Severity,
    line: [EventMessageCode, Record<string, MessageParam>],
    user?: string,
    data?: Record<string, unknown>,
  ): void {
    try {
      this.ctx.record?.({
        robotId: this.id,
        kind,
        severity,
        ...messageEvent(...line),
        user: user ?? null,
        ...(data ? { data } : {}),
      });
    } catch {
      // Logging must never take a robot session down.
    }
  }

  /**
   * Moves to `next`, logging the transition. Ready ↔ running flips with every motion, so those
   * are not logged (they would drown the log); every other transition is.
   */
  /** An operator's action on this robot, for the log. */
  protected logAction(
    user: string | undefined,
    code: EventMessageCode,
    params: Record<string, MessageParam> = {},
  ): void {
    this.record('operator', 'info', [code, { robot: this.nameValue, ...params }], user);
  }

  /** `reason` is what the log's data keeps (the shift report reads it); `reasonText` its words. */
  protected setState(next: RobotState, reason?: string, reasonText?: Bilingual): void {
    const previous = this.stateValue;
    if (previous === next) return;
    this.stateValue = next;
    const routine =
      (previous === 'ready' && next === 'running') || (previous === 'running' && next === 'ready');
    if (!routine && next !== 'disconnected' && previous !== 'connecting') {
      const severity: Severity = next === 'fault' ? 'error' : 'info';
      this.record(
        'state',
        severity,
        reason
          ? [
              'robot.stateChangedBecause',
              { ...this.stateWords(previous, next), reason: reasonText ?? reason },
            ]
          : ['robot.stateChanged', this.stateWords(previous, next)],
        undefined,
        { state: next, ...(reason ? { cause: reason } : {}) },
      );
    }
    this.changed();
  }

  private stateWords(from: RobotState, to: RobotState): Record<string, MessageParam> {
    return { robot: this.nameValue, from: EVENT_WORDS.state[from], to: EVENT_WORDS.state[to] };
  }

  /** The link is gone or silent: go 'disconnected' and try again by ourselves. */
  protected lost(reason: string): void {
    if (this.closed || this.stateValue === 'disconnected') return;
    const transport = this.transport;
    this.transport = undefined;
    this.offClose?.();
    this.offClose = undefined;
    this.detachLink();
    if (transport?.isOpen) void transport.close().catch(() => undefined);
    this.stateValue = 'disconnected';
    this.record(
      'connection',
      'warning',
      ['robot.linkLost', { robot: this.nameValue, reason }],
      undefined,
      { connected: false, cause: reason },
    );
    this.changed();
    this.scheduleReconnect();
  }

  private async attach(): Promise<void> {
    this.attaching = true;
    let transport: ByteTransport | undefined;
    try {
      transport = await this.ctx.open(this.profile.baudRate);
      if (this.closed) {
        await transport.close();
        return;
      }
      this.transport = transport;
      const opened = transport;
      this.offClose = transport.onClose((error) => {
        if (this.transport === opened) {
          this.lost(error ? `the link closed (${error.message})` : 'the link closed');
        }
      });
      const previous = this.stateValue;
      this.stateValue = 'connecting';
      if (previous !== 'connecting') this.changed();
      await this.initialize(transport);
      this.reconnectDelay = this.ctx.reconnectDelayMs?.initial ?? 250;
      this.record(
        'connection',
        'info',
        this.everConnected
          ? ['robot.reconnected', { robot: this.nameValue, port: this.portValue }]
          : [
              'robot.connected',
              { robot: this.nameValue, port: this.portValue, profile: this.profile.name },
            ],
        undefined,
        // The state after connecting (ready, torque-off or fault) is not logged separately.
        { connected: true, state: this.stateValue === 'connecting' ? 'ready' : this.stateValue },
      );
      this.everConnected = true;
    } catch (error) {
      this.offClose?.();
      this.offClose = undefined;
      this.transport = undefined;
      this.detachLink();
      if (transport?.isOpen) await transport.close().catch(() => undefined);
      if (this.everConnected) this.stateValue = 'disconnected';
      throw error;
    } finally {
      this.attaching = false;
    }
  }

  private scheduleReconnect(delayMs = this.reconnectDelay): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed || this.isConnected) return;
      this.attach().then(
        () => undefined,
        () => {
          const max = this.ctx.reconnectDelayMs?.max ?? 5000;
          this.reconnectDelay = Math.min(max, this.reconnectDelay * 2);
          if (!this.closed) {
            this.stateValue = 'disconnected';
            this.changed();
            this.scheduleReconnect();
          }
        },
      );
    }, delayMs);
    this.reconnectTimer.unref();
  }
}

export function describeOpenFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
