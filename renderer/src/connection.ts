/**
 * The API connection as the UI sees it. The WebSocket client only knows "connecting / open /
 * closed" and retries forever; people need more: "still starting", "connected", "lost it, trying
 * again" and "this is not going to work" (wrong or stale token, service gone) — a browser hides
 * the HTTP status of a refused WebSocket upgrade, so repeated failures before the first success
 * are what "cannot connect" means. In the desktop app (IPC) the connection is always up.
 */
import type { WebSocketApi } from './api/websocket-api';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unreachable';

export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Increments on every successful (re)connection: data views reload when it changes. */
  generation: number;
}

/** Failed attempts before the first success after which we tell the person we cannot connect. */
const FAILURES_BEFORE_UNREACHABLE = 2;
/**
 * Failed attempts after a lost connection before we stop saying "reconnecting" (about 15 s with
 * the client's back-off): by then the service is gone or was restarted with a new access key.
 */
const FAILURES_WHILE_RECONNECTING = 6;

export interface ConnectionStore {
  get: () => ConnectionSnapshot;
  subscribe: (listener: () => void) => () => void;
}

export function createConnectionStore(socket: WebSocketApi | null): ConnectionStore {
  let snapshot: ConnectionSnapshot = socket
    ? { state: 'connecting', generation: 0 }
    : { state: 'connected', generation: 1 };
  const listeners = new Set<() => void>();
  const set = (state: ConnectionState, generation = snapshot.generation) => {
    if (state === snapshot.state && generation === snapshot.generation) return;
    snapshot = { state, generation };
    for (const listener of listeners) listener();
  };

  if (socket) {
    let everOpened = false;
    let failures = 0;
    socket.onConnectionState((raw) => {
      if (raw === 'open') {
        everOpened = true;
        failures = 0;
        set('connected', snapshot.generation + 1);
      } else if (raw === 'closed') {
        failures += 1;
        const limit = everOpened ? FAILURES_WHILE_RECONNECTING : FAILURES_BEFORE_UNREACHABLE;
        if (failures >= limit) set('unreachable');
        else if (everOpened) set('reconnecting');
      } else if (snapshot.state === 'connected') {
        // A new attempt without a close first: the old connection is gone.
        set('reconnecting');
      }
    });
  }

  return {
    get: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
