/**
 * The single place where a request from a renderer (IPC or WebSocket) becomes a call into the
 * app's services. It never trusts its input: unknown channels, callers whose session may not use
 * the channel (its access in the contract), and arguments that fail the contract's schemas are
 * answered with a clear error and reach no handler. Robot commands that are not database writes get their
 * audit row here, as they are accepted, before the handler runs.
 */
import {
  accessFor,
  decide,
  isRequestChannel,
  requestChannels,
  type ApiError,
  type ApiResponse,
  type ChannelAccess,
  type ParsedArgs,
  type RequestChannel,
  type RequestResult,
  type Role,
} from '../shared/contract';
import { toApiError } from './api-errors';
import { ConnectionSession, type SessionPolicy, type SessionTransport } from './auth-session';

/** Who is calling: handed to every handler as its second argument. */
export interface CallContext {
  session: ConnectionSession;
  /** The name for audit rows: the signed-in person, the kiosk identity or `anonymous`. */
  actor: string;
  role: Role | null;
  via: SessionTransport;
}

export type ApiHandlers = {
  [C in RequestChannel]: (
    args: ParsedArgs<C>,
    context: CallContext,
  ) => Promise<RequestResult<C>> | RequestResult<C>;
};

export interface AuditOnAccept {
  tMs: number;
  actor: string;
  action: string;
  target: string | null;
  after: unknown;
}

/** Supplied by the accounts service (auth-handlers.ts); without it no session has a kiosk identity. */
export interface DispatcherHooks {
  sessionPolicy?: SessionPolicy;
  /** Writes one chained audit row; rejects when it could not be written. */
  audit?: (entry: AuditOnAccept) => Promise<void>;
  log?: (line: string) => void;
}

const SAFETY_CHANNELS = new Set<string>(['robots.emergencyStop']);

export class ApiDispatcher {
  private readonly sessions = new Set<ConnectionSession>();

  constructor(
    private readonly handlers: ApiHandlers,
    private readonly hooks: DispatcherHooks = {},
  ) {}

  /** A new connection (window or browser tab): signed out, or the kiosk identity. */
  createSession(via: SessionTransport): ConnectionSession {
    const session = new ConnectionSession(via, this.hooks.sessionPolicy, (closed) =>
      this.sessions.delete(closed),
    );
    this.sessions.add(session);
    return session;
  }

  /** Live sessions (for following account changes and idle checks). */
  liveSessions(): ReadonlySet<ConnectionSession> {
    return this.sessions;
  }

  /**
   * `session` is the caller's connection session, owned by the transport. Without one the call is
   * treated as signed out: a missing session never means "trusted".
   */
  async dispatch(
    channel: unknown,
    rawArgs: unknown,
    session?: ConnectionSession,
  ): Promise<ApiResponse<unknown>> {
    if (!isRequestChannel(channel)) {
      return failure({
        code: 'unknown-channel',
        message: `There is no API channel called ${describe(channel)}. Update the app if the UI and the service versions differ.`,
      });
    }
    const caller = session ?? new ConnectionSession('internal');
    const nowMs = Date.now();
    caller.applyIdleLock(nowMs);
    const { access } = accessFor(channel);
    const decision = decide(access, caller.subject());
    if (!decision.allowed) return failure(refusal(decision.code, channel));

    const parsed = requestChannels[channel].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return failure({
        code: 'invalid-arguments',
        message: `The request to ${channel} was refused because its arguments are invalid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`)
          .join('; ')}. Nothing was changed.`,
      });
    }
    if (access.roles !== 'public') caller.touch(nowMs);
    const context: CallContext = {
      session: caller,
      actor: caller.actor(),
      role: caller.user?.role ?? null,
      via: caller.via,
    };
    try {
      await this.auditOnAccept(channel, access, parsed.data, context, nowMs);
      const handler = this.handlers[channel] as
        ((args: unknown, context: CallContext) => unknown) | undefined;
      if (typeof handler !== 'function') {
        return failure({
          code: 'not-available',
          message: `${channel} is not available in this version of Genba. Nothing was changed.`,
        });
      }
      const value: unknown = await handler(parsed.data, context);
      return { ok: true, value };
    } catch (error) {
      return failure(toApiError(error));
    }
  }

  private async auditOnAccept(
    channel: RequestChannel,
    access: ChannelAccess,
    args: unknown,
    context: CallContext,
    nowMs: number,
  ): Promise<void> {
    if (!access.auditOnAccept) return;
    const target =
      typeof args === 'object' &&
      args !== null &&
      'robotId' in args &&
      typeof args.robotId === 'string'
        ? args.robotId
        : null;
    const entry: AuditOnAccept = {
      tMs: nowMs,
      actor: context.actor,
      action: access.auditOnAccept,
      target,
      after: {
        channel,
        args,
        via: context.via,
        ...(context.session.locked ? { locked: true } : {}),
      },
    };
    try {
      if (!this.hooks.audit) throw new Error('no audit trail is configured');
      await this.hooks.audit(entry);
    } catch (error) {
      // Safety first: an emergency stop proceeds even if its audit row cannot be written.
      if (SAFETY_CHANNELS.has(channel)) {
        this.hooks.log?.(`audit row for ${channel} could not be written: ${String(error)}`);
        return;
      }
      throw Object.assign(
        new Error(
          `${channel} was refused because its audit record could not be written (${(error as Error).message}). Nothing was sent to the robot. Check the database status.`,
        ),
        { code: 'audit-unavailable' },
      );
    }
  }
}

function refusal(
  code: 'sign-in-required' | 'session-locked' | 'forbidden',
  channel: RequestChannel,
): ApiError {
  switch (code) {
    case 'sign-in-required':
      return {
        code,
        message: `Sign in to use ${channel}. Nothing was changed.`,
      };
    case 'session-locked':
      return {
        code,
        message: 'This terminal is locked. Unlock it with your PIN or password, then try again.',
      };
    case 'forbidden':
      return {
        code,
        message: `Your role may not use ${channel}. Ask a person with the right role, or an administrator. Nothing was changed.`,
      };
  }
}

function failure(error: ApiError): ApiResponse<never> {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.slice(0, 80)}"`;
  return `(${typeof value})`;
}
