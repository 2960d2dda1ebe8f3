import type { EventChannel, EventPayload } from '../shared/contract';

/** Events that describe current state (replayed on connect), as opposed to a stream of happenings. */
const STATE_EVENTS = new Set<EventChannel>(['app.status', 'robots.changed', 'ports.changed']);

type AnyListener = (event: EventChannel, payload: unknown) => void;

/** Fan-out of typed events from services to every connected renderer, whatever the transport. */
export class EventHub {
  private listeners = new Set<AnyListener>();
  private last = new Map<EventChannel, unknown>();

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    this.last.set(event, payload);
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Every event; returns an unsubscribe function. */
  subscribeAll(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest payload of each state-like event, replayed to a renderer that just connected. */
  snapshot(): Array<[EventChannel, unknown]> {
    return [...this.last.entries()].filter(([event]) => STATE_EVENTS.has(event));
  }
}
