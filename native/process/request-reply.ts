/**
 * Typed request/reply over any message link: a worker thread's port, a forked child's IPC
 * channel or Electron's utilityProcess (native/process/child-channel.ts, parent-port.ts). The
 * caller's side numbers requests, keeps the pending ones, times them out, and rejects them all
 * when the other side goes away; the serving side runs the named method and answers with its
 * value or its error as `{ code, message }`, so a failure keeps its code across the boundary.
 * Messages that are not requests or replies (a helper's "ready", say) are left to their owner.
 */

import type { TransferListItem } from 'node:worker_threads';

/** Anything that can post structured-clone messages one way and hear them the other. */
export interface MessageLink {
  send(message: unknown, transfer?: readonly TransferListItem[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** The methods one side serves: each takes plain arguments and returns a value or a promise. */
export type Api = { [method: string]: (...args: never[]) => unknown };

export interface WireError {
  code: string;
  message: string;
  name?: string;
}

interface RequestMessage {
  rr: 'request';
  id: number;
  method: string;
  args: unknown[];
}

type ReplyMessage = { rr: 'reply'; id: number; durationMs: number; meta?: unknown } & (
  { ok: true; value: unknown } | { ok: false; error: WireError }
);

/** A failure on the serving side, rebuilt with its code. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export function toWireError(error: unknown, fallbackCode = 'internal'): WireError {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : fallbackCode;
    return { code, message: error.message, name: error.name };
  }
  return { code: fallbackCode, message: String(error) };
}

const isReply = (m: unknown): m is ReplyMessage =>
  typeof m === 'object' && m !== null && (m as { rr?: unknown }).rr === 'reply';
const isRequest = (m: unknown): m is RequestMessage =>
  typeof m === 'object' && m !== null && (m as { rr?: unknown }).rr === 'request';

/** What the caller learns with each answer besides the value. */
export interface ReplyInfo {
  method: string;
  /** How long the serving side spent on it. */
  durationMs: number;
  /** Whatever the serving side attaches to every reply (`serveRequests`' `meta`). */
  meta: unknown;
}

export interface RequesterOptions {
  /** Default time a call may take; none when absent. */
  timeoutMs?: number;
  /** The error a timed-out call rejects with. */
  timeoutError?: (method: string, timeoutMs: number) => Error;
  /** After a timeout: e.g. end a hung helper (its exit then fails the rest). */
  onTimeout?: (method: string) => void;
  /** How an error from the other side is rebuilt (default RemoteError). */
  toError?: (error: WireError, method: string) => Error;
  onReply?: (info: ReplyInfo) => void;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** What calling a served method resolves to. */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
/** The arguments of a served method, as sent. */
export type ArgsOf<F> = F extends (...args: infer P) => unknown ? P : never;

/** The calling side. */
export class Requester<A extends Api> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(
    private readonly link: MessageLink,
    private readonly options: RequesterOptions = {},
  ) {
    link.onMessage((message) => {
      if (isReply(message)) this.receive(message);
    });
  }

  /** Calls waiting for an answer. */
  get waiting(): number {
    return this.pending.size;
  }

  call<M extends keyof A & string>(
    method: M,
    args: ArgsOf<A[M]>,
    options: { timeoutMs?: number; transfer?: readonly TransferListItem[] } = {},
  ): Promise<ResultOf<A[M]>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return new Promise<ResultOf<A[M]>>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              if (!this.pending.delete(id)) return;
              reject(
                this.options.timeoutError?.(method, timeoutMs) ??
                  new RemoteError('timeout', `${method} did not answer within ${timeoutMs} ms.`),
              );
              this.options.onTimeout?.(method);
            }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      const request: RequestMessage = { rr: 'request', id, method, args };
      try {
        this.link.send(request, options.transfer);
      } catch (error) {
        this.settle(id)?.reject(error as Error);
      }
    });
  }

  /** The other side is gone: every pending call, and every later one, rejects with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    this.rejectAll(error);
  }

  /** Rejects the calls pending now; later calls are still sent (a restarted helper, say). */
  rejectAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  private receive(reply: ReplyMessage): void {
    const pending = this.settle(reply.id);
    if (!pending) return;
    this.options.onReply?.({
      method: pending.method,
      durationMs: reply.durationMs,
      meta: reply.meta,
    });
    if (reply.ok) pending.resolve(reply.value);
    else
      pending.reject(
        this.options.toError?.(reply.error, pending.method) ??
          new RemoteError(reply.error.code, reply.error.message),
      );
  }
}

export interface ServeOptions {
  /** One request at a time, in arrival order (default: each as it arrives). */
  serial?: boolean;
  /** Attached to every reply (e.g. the process's CPU time so far). */
  meta?: () => unknown;
  /** How a thrown error crosses (default: its `code` if it has one, else 'internal'). */
  toWireError?: (error: unknown) => WireError;
}

/** The serving side: answers every request on `link` from `handlers`. */
export function serveRequests(link: MessageLink, handlers: Api, options: ServeOptions = {}): void {
  let chain: Promise<void> = Promise.resolve();
  const wire = options.toWireError ?? ((error: unknown) => toWireError(error));
  const answer = (request: RequestMessage, started: number, body: Record<string, unknown>) => {
    const reply = {
      rr: 'reply',
      id: request.id,
      durationMs: performance.now() - started,
      ...(options.meta ? { meta: options.meta() } : {}),
      ...body,
    } as ReplyMessage;
    link.send(reply);
  };
  const handle = (request: RequestMessage): void | Promise<void> => {
    const started = performance.now();
    const fail = (error: unknown) => answer(request, started, { ok: false, error: wire(error) });
    const handler = Object.hasOwn(handlers, request.method) ? handlers[request.method] : undefined;
    if (!handler) {
      fail(
        Object.assign(new Error(`Unknown method ${request.method}`), { code: 'unknown-method' }),
      );
      return;
    }
    let value: unknown;
    try {
      value = (handler as (...args: unknown[]) => unknown)(...request.args);
    } catch (error) {
      fail(error);
      return;
    }
    if (!(value instanceof Promise)) {
      answer(request, started, { ok: true, value });
      return;
    }
    return value.then((v: unknown) => answer(request, started, { ok: true, value: v }), fail);
  };
  link.onMessage((message) => {
    if (!isRequest(message)) return;
    if (options.serial) chain = chain.then(() => handle(message));
    else void handle(message);
  });
}

/** A worker thread's port (either side) as a MessageLink. */
export function portLink(port: {
  postMessage(message: unknown, transfer?: readonly TransferListItem[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}): MessageLink {
  return {
    send: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (listener) => void port.on('message', listener),
  };
}
