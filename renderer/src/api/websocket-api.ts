/**
 * The API over the loopback WebSocket of browser mode. Same contract as the desktop preload;
 * reconnects by itself (the server may restart) and fails pending calls with a clear message.
 */
import type {
  ApiError,
  EventChannel,
  EventPayload,
  GenbaApi,
  RequestArgs,
  RequestChannel,
  RequestResult,
} from './contract';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Listener = (payload: unknown) => void;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export class WebSocketApi implements GenbaApi {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Set<Listener>>();
  private stateListeners = new Set<(state: ConnectionState) => void>();
  private queue: string[] = [];
  private retryMs = 250;

  constructor(private readonly url: string) {
    this.connect();
  }

  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, channel, args });
    return new Promise<RequestResult<C>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(message);
      else this.queue.push(message);
    });
  }

  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private connect(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
      this.setState('open');
      for (const message of this.queue.splice(0)) socket.send(message);
    };
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = () => {
      this.setState('closed');
      for (const [id, pending] of this.pending) {
        pending.reject(
          new ApiCallError({
            code: 'connection-lost',
            message: 'The connection to Genba was lost before it answered. Try again.',
          }),
        );
        this.pending.delete(id);
      }
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      ok?: boolean;
      value?: unknown;
      error?: ApiError;
      event?: string;
      payload?: unknown;
    };
    if (message.event !== undefined) {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else
      pending.reject(
        new ApiCallError(message.error ?? { code: 'unknown', message: 'Unknown error' }),
      );
  }

  private setState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }
}
