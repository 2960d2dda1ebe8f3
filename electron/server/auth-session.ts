/**
 * One connection's session: a desktop window or one browser tab (one WebSocket). The transport
 * creates it when the connection opens and passes it with every call; the renderer can never
 * name or forge it. A session is signed out, signed in (optionally locked), or — in kiosk mode —
 * acting as the terminal's kiosk identity until a person signs in.
 */
import { randomUUID } from 'node:crypto';
import {
  checkAccess,
  requestChannels,
  type AccessSubject,
  type RequestChannel,
  type SessionInfo,
  type SessionUser,
} from '../shared/contract';

export type SessionTransport = 'ipc' | 'websocket' | 'internal';

export interface SessionPolicy {
  /** The identity of a kiosk terminal (`genba serve --kiosk-role …`), used while no one is signed in. */
  kiosk: SessionUser | null;
  /** Idle time after which a signed-in person's session locks; 0 = never. */
  idleLockMs(): number;
}

const NO_KIOSK: SessionPolicy = { kiosk: null, idleLockMs: () => 0 };

export class ConnectionSession {
  readonly id = randomUUID();
  private person: SessionUser | null = null;
  private isLocked = false;
  private lastActivityMs = Date.now();
  private listeners = new Set<(info: SessionInfo) => void>();

  constructor(
    readonly via: SessionTransport,
    private readonly policy: SessionPolicy = NO_KIOSK,
    private readonly onDispose: (session: ConnectionSession) => void = () => {},
  ) {}

  /** Who acts: the signed-in person, else the kiosk identity, else nobody. */
  get user(): SessionUser | null {
    return this.person ?? this.policy.kiosk;
  }

  /** The signed-in person (never the kiosk identity). */
  get signedIn(): SessionUser | null {
    return this.person;
  }

  get locked(): boolean {
    return this.isLocked;
  }

  subject(): AccessSubject {
    return { role: this.user?.role ?? null, locked: this.isLocked };
  }

  /** The name written into audit rows. */
  actor(): string {
    const user = this.user;
    if (!user) return 'anonymous';
    return user.kiosk ? `kiosk:${user.role}` : user.username;
  }

  info(): SessionInfo {
    const subject = this.subject();
    return {
      user: this.user,
      locked: this.isLocked,
      idleLockMs: this.person ? this.policy.idleLockMs() : 0,
      permissions: (Object.keys(requestChannels) as RequestChannel[]).filter(
        (channel) => checkAccess(channel, subject).allowed,
      ),
    };
  }

  signIn(user: SessionUser, nowMs = Date.now()): void {
    this.person = user;
    this.isLocked = false;
    this.lastActivityMs = nowMs;
    this.changed();
  }

  signOut(): void {
    if (!this.person && !this.isLocked) return;
    this.person = null;
    this.isLocked = false;
    this.changed();
  }

  lock(): void {
    if (!this.person || this.isLocked) return;
    this.isLocked = true;
    this.changed();
  }

  unlock(nowMs = Date.now()): void {
    if (!this.isLocked) return;
    this.isLocked = false;
    this.lastActivityMs = nowMs;
    this.changed();
  }

  /** An account changed (role, name) while signed in here: the session follows it. */
  refresh(user: SessionUser): void {
    if (this.person?.accountId !== user.accountId) return;
    this.person = user;
    this.changed();
  }

  touch(nowMs = Date.now()): void {
    this.lastActivityMs = nowMs;
  }

  /** Locks the session if its person has been idle too long; returns true when it just locked. */
  applyIdleLock(nowMs = Date.now()): boolean {
    const idle = this.policy.idleLockMs();
    if (!this.person || this.isLocked || idle <= 0) return false;
    if (nowMs - this.lastActivityMs < idle) return false;
    this.lock();
    return true;
  }

  onChange(listener: (info: SessionInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connection closed. */
  dispose(): void {
    this.listeners.clear();
    this.onDispose(this);
  }

  private changed(): void {
    const info = this.info();
    for (const listener of this.listeners) listener(info);
  }
}
