import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../native/domain';
import type { Alert, AlertListener } from '../../../native/model/alerts';
import { guardOnAlerts, guardOnEvent } from '../../../native/teach/teach-guard';

function guardRecorder() {
  const calls: [string | null, string][] = [];
  return {
    calls,
    guard: (robotId: string | null, reason: string) => calls.push([robotId, reason]),
  };
}

const alert = (fault: Alert['fault'], state: Alert['state']): Alert => ({
  id: `a-${fault}`,
  robot: 'arm-1',
  joint: 'joint3',
  fault,
  state,
  raisedMs: 1,
  acknowledgedMs: null,
  acknowledgedBy: null,
  resolvedMs: null,
  confidence: 0.95,
  anomaly: 0.4,
  byHardware: false,
  evidence: [],
});

const event = (kind: LogEvent['kind'], severity: LogEvent['severity']): LogEvent => ({
  id: 1,
  tMs: 1,
  robotId: 'arm-1',
  kind,
  severity,
  user: null,
  text: `${kind} ${severity}`,
  message: null,
});

describe('the playback guard', () => {
  it('stops on a raised alert whose fault stops the task, until unsubscribed', () => {
    const teach = guardRecorder();
    const listeners: AlertListener[] = [];
    const unsubscribe = guardOnAlerts(teach, {
      onAlert: (listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    });
    const emit = (a: Alert) => listeners.forEach((l) => l(a, a.state));
    emit(alert('overload', 'raised'));
    emit(alert('overheating', 'raised')); // a warning: the robot may finish its work
    emit(alert('encoder_fault', 'acknowledged'));
    expect(teach.calls).toEqual([['arm-1', 'overload on joint3']]);
    unsubscribe();
    emit(alert('overload', 'raised'));
    expect(teach.calls).toHaveLength(1);
  });

  it('stops on a fault the robot reports, not on information or other kinds', () => {
    const teach = guardRecorder();
    for (const e of [
      event('fault', 'error'),
      event('fault', 'info'),
      event('task', 'error'),
      event('alert', 'critical'),
      event('operator', 'warning'),
    ])
      guardOnEvent(teach, e);
    expect(teach.calls).toEqual([
      ['arm-1', 'fault error'],
      ['arm-1', 'alert critical'],
    ]);
  });
});
