import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createDbMethods } from '../../../db/db-methods';
import { openDatabase } from '../../../db/open-database';
import type { NewEvent } from '../../../db/repositories/events-repository';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const T = Date.UTC(2026, 5, 1, 8);
const MIN = 60_000;

describe('shift report and timeline', () => {
  it('computes uptime, faults, MTBF, task outcomes and top alert causes from events', () => {
    const path = join(tempDir(), 'shift.sqlite');
    const methods = createDbMethods(openDatabase(path), path);
    const state = (t: number, robotId: string, s: string): NewEvent => ({
      tMs: t,
      robotId,
      kind: 'state',
      severity: 'info',
      text: `State: ${s}`,
      data: { state: s },
    });
    methods.appendEvents([
      state(T - 30 * MIN, 'arm-1', 'ready'), // before the shift: the state it starts in
      state(T + 10 * MIN, 'arm-1', 'running'),
      {
        tMs: T + 10 * MIN,
        robotId: 'arm-1',
        kind: 'task',
        severity: 'info',
        text: 'Task started: pick',
        data: { phase: 'start', run: 'r1', task: 'pick' },
      },
      {
        tMs: T + 15 * MIN,
        robotId: 'arm-1',
        kind: 'task',
        severity: 'info',
        text: 'Task succeeded: pick',
        data: {
          phase: 'end',
          run: 'r1',
          task: 'pick',
          outcome: 'succeeded',
          startedMs: T + 10 * MIN,
        },
      },
      {
        tMs: T + 19 * MIN,
        robotId: 'arm-1',
        kind: 'alert',
        severity: 'warning',
        text: 'joint2 hot',
        data: { cause: 'overheating' },
      },
      {
        tMs: T + 20 * MIN,
        robotId: 'arm-1',
        kind: 'fault',
        severity: 'error',
        text: 'joint2 overheated',
        data: { fault: 'overheating' },
      },
      {
        tMs: T + 20 * MIN,
        robotId: 'arm-1',
        kind: 'task',
        severity: 'warning',
        text: 'Task failed: place',
        data: {
          phase: 'end',
          run: 'r2',
          task: 'place',
          outcome: 'failed',
          startedMs: T + 16 * MIN,
        },
      },
      state(T + 20 * MIN, 'arm-1', 'fault'),
      state(T + 25 * MIN, 'arm-1', 'ready'),
      {
        tMs: T + 40 * MIN,
        robotId: 'arm-2',
        kind: 'alert',
        severity: 'warning',
        text: 'sag',
        data: { cause: 'voltage_sag' },
      },
      {
        tMs: T + 41 * MIN,
        robotId: 'arm-2',
        kind: 'alert',
        severity: 'error',
        text: 'sag',
        data: { cause: 'voltage_sag' },
      },
      {
        tMs: T + 50 * MIN,
        robotId: 'arm-1',
        kind: 'connection',
        severity: 'warning',
        text: 'unplugged',
        data: { connected: false },
      },
      state(T + 70 * MIN, 'arm-1', 'ready'), // after the shift
    ]);
    const report = methods.shiftReport({ fromMs: T, toMs: T + 60 * MIN });
    const arm1 = report.robots.find((r) => r.robotId === 'arm-1')!;
    expect(arm1).toMatchObject({
      upMs: 45 * MIN,
      runningMs: 10 * MIN,
      faultMs: 5 * MIN,
      disconnectedMs: 10 * MIN,
      unknownMs: 0,
      uptimeRatio: 0.75,
      faults: 1,
      alerts: 1,
      taskRuns: 2,
      meanTimeBetweenFaultsMs: 45 * MIN,
    });
    const arm2 = report.robots.find((r) => r.robotId === 'arm-2')!;
    expect(arm2).toMatchObject({ uptimeRatio: null, alerts: 2, unknownMs: 60 * MIN });
    expect(report.faultCount).toBe(1);
    expect(report.alertCount).toBe(3);
    expect(report.alertsBySeverity).toEqual({ warning: 2, error: 1 });
    expect(report.topAlertCauses).toEqual([
      { cause: 'voltage_sag', count: 2 },
      { cause: 'overheating', count: 1 },
    ]);
    expect(report.taskOutcomes).toEqual({ succeeded: 1, failed: 1 });
    expect(report.taskRuns.map((r) => [r.task, r.durationMs])).toEqual([
      ['pick', 5 * MIN],
      ['place', 4 * MIN],
    ]);

    const timeline = methods.logTimeline({ fromMs: T, toMs: T + 60 * MIN });
    expect(timeline.robots.find((r) => r.robotId === 'arm-1')!.bands).toEqual([
      { fromMs: T, toMs: T + 10 * MIN, state: 'ready' },
      { fromMs: T + 10 * MIN, toMs: T + 20 * MIN, state: 'running' },
      { fromMs: T + 20 * MIN, toMs: T + 25 * MIN, state: 'fault' },
      { fromMs: T + 25 * MIN, toMs: T + 50 * MIN, state: 'ready' },
      { fromMs: T + 50 * MIN, toMs: T + 60 * MIN, state: 'disconnected' },
    ]);
    expect(timeline.marks.map((m) => m.kind)).toEqual([
      'task',
      'task',
      'alert',
      'fault',
      'task',
      'alert',
      'alert',
      'connection',
    ]);
    // Every alert, fault and task event opened a keep window of ±60 s for full-rate telemetry.
    expect(methods.telemetryStorage().keepWindows).toBe(7);
  });
});
