/** What the simulated robots of a demo history hand back: log events, and the running counts. */
import type { NewEvent } from '../../db/repositories/events-repository';
import { EVENT_WORDS, messageEvent } from '../domain';

export type Emit = (event: NewEvent) => void;

export interface Counters {
  samples: number;
  events: number;
  taskRuns: number;
  faults: number;
  alerts: number;
}

/** A robot that came online: connected, then ready. */
export function connectedEvents(
  robotId: string,
  tMs: number,
  line: ReturnType<typeof messageEvent>,
): NewEvent[] {
  return [
    { tMs, robotId, kind: 'connection', severity: 'info', ...line, data: { connected: true } },
    {
      tMs,
      robotId,
      kind: 'state',
      severity: 'info',
      ...messageEvent('robot.state', { state: EVENT_WORDS.state.ready }),
      data: { state: 'ready' },
    },
  ];
}

/** An operator's note, not about one robot. */
export function noteEvent(note: { tMs: number; text: string; user: string }): NewEvent {
  return {
    tMs: note.tMs,
    kind: 'operator',
    severity: 'info',
    user: note.user,
    text: note.text,
    robotId: null,
  };
}

/** A fault on a robot: counted, and logged as an error. */
export function emitFault(
  emit: Emit,
  counters: Counters,
  fault: Pick<NewEvent, 'tMs' | 'text' | 'message'> & {
    robotId: string;
    data: Record<string, unknown>;
  },
): void {
  counters.faults++;
  emit({ ...fault, kind: 'fault', severity: 'error' });
}
