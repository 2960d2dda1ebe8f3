/**
 * The playback guard's sources: a raised diagnostics alert whose fault stops the task, and a
 * fault the robot itself reports, each stop the run on that robot. The composition root
 * subscribes it to the diagnostics service and the robots' event log directly, so the guard
 * holds whether or not any screen is connected.
 */
import type { LogEvent } from '../domain';
import type { AlertListener } from '../model/alerts';
import { FAULT_ADVICE } from '../model/taxonomy';

interface Guarded {
  guard(robotId: string | null, reason: string): void;
}

const STOPPING = new Set<string>(['error', 'critical']);

/** Stops a run on a raised alert of a task-stopping severity; returns the unsubscribe. */
export function guardOnAlerts(
  teach: Guarded,
  diagnostics: { onAlert(listener: AlertListener): () => void },
): () => void {
  return diagnostics.onAlert((alert) => {
    const severity = FAULT_ADVICE[alert.fault]?.severity;
    if (alert.state === 'raised' && severity !== undefined && STOPPING.has(severity))
      teach.guard(alert.robot, `${alert.fault} on ${alert.joint}`);
  });
}

/** Stops a run on a fault (or alert) event of error severity or worse from its robot. */
export function guardOnEvent(teach: Guarded, event: LogEvent): void {
  if ((event.kind === 'fault' || event.kind === 'alert') && STOPPING.has(event.severity))
    teach.guard(event.robotId, event.text);
}
