/** The harness's scoring on hand-built truths and alerts, where every figure is known by hand. */
import { describe, expect, it } from 'vitest';
import {
  falseAlertFigures,
  groupFigures,
  rateBand,
  scoreScenario,
  simulatorFigures,
  type ScoredAlert,
  type ScoringTruth,
} from '../../../../native/model/evaluation/ood-scoring';

const joints = ['j1', 'j2', 'j3'];

function truth(over: Partial<ScoringTruth> & { id: string }): ScoringTruth {
  return {
    simulator: 'second',
    family: 'XM430-W350@12V',
    sampleHz: 50,
    robot: 'arm',
    joints,
    robotHours: 0.1,
    fault: null,
    timeToAlarm: null,
    ...over,
  };
}

const alert = (joint: string, fault: ScoredAlert['fault'], tMs: number, byHardware = false) => ({
  joint,
  fault,
  tMs,
  byHardware,
});

const overload = truth({
  id: 'overload',
  fault: { class: 'overload', variant: 'fast', joint: 'j2', onsetMs: 50_000, alarmMs: 100_000 },
});

describe('scoring one scenario', () => {
  it('finds a fault on its joint after the onset and measures the lead to the alarm', () => {
    const s = scoreScenario(overload, [alert('j2', 'overload', 80_000)]);
    expect(s).toMatchObject({ found: true, firstCallRight: true, beforeAlarm: true, leadS: 20 });
    expect(s.collateralAlerts).toBe(0);
  });

  it('does not count the right class on another joint, or before the onset', () => {
    const s = scoreScenario(overload, [
      alert('j2', 'overload', 40_000),
      alert('j1', 'overload', 60_000),
    ]);
    expect(s.found).toBe(false);
    expect(s.firstCall).toBeNull();
    expect(s.beforeAlarm).toBe(false);
    expect(s.collateralAlerts).toBe(2);
  });

  it('is late when the first correct alert comes from the tripped alarm itself', () => {
    const s = scoreScenario(overload, [
      alert('j2', 'collision', 60_000),
      alert('j2', 'overload', 100_000, true),
    ]);
    expect(s).toMatchObject({ found: true, firstCallRight: false, firstCall: 'collision' });
    expect(s.beforeAlarm).toBe(false);
    expect(s.leadS).toBe(0);
  });

  it('takes voltage sag on any joint (it is bus-wide)', () => {
    const sag = truth({
      id: 'sag',
      fault: {
        class: 'voltage_sag',
        variant: 'droop',
        joint: 'bus',
        onsetMs: 10_000,
        alarmMs: null,
      },
    });
    const s = scoreScenario(sag, [alert('j3', 'voltage_sag', 30_000)]);
    expect(s).toMatchObject({ found: true, firstCallRight: true, beforeAlarm: null, leadS: null });
  });

  it('counts every alert on normal operation as false, by the class it named', () => {
    const s = scoreScenario(truth({ id: 'normal', robotHours: 2 }), [
      alert('j1', 'collision', 5_000),
      alert('j3', 'voltage_sag', 9_000),
    ]);
    expect(s.falseAlerts).toEqual(['collision', 'voltage_sag']);
  });
});

describe('figures over scenarios', () => {
  const scores = [
    scoreScenario(overload, [alert('j2', 'overload', 80_000)]), // lead 20 s
    scoreScenario({ ...overload, id: 'o2' }, [alert('j2', 'overload', 10_000 + 90_000 - 30_000)]), // lead 30 s
    scoreScenario({ ...overload, id: 'o3' }, []), // missed
    scoreScenario(
      truth({
        id: 'wear',
        sampleHz: 10,
        fault: { class: 'wear', variant: 'x', joint: 'j1', onsetMs: 0, alarmMs: null },
      }),
      [alert('j1', 'wear', 500_000)],
    ),
    scoreScenario(truth({ id: 'n1', robotHours: 2, sampleHz: 10 }), [alert('j1', 'collision', 1)]),
    scoreScenario(truth({ id: 'n2', robotHours: 2 }), [
      alert('j1', 'overload', 1),
      alert('j2', 'overload', 2),
    ]),
  ];

  it('aggregates found, before-alarm and the median lead with misses counted as late', () => {
    const g = groupFigures(scores);
    expect(g).toMatchObject({ faultScenarios: 4, found: 3, withAlarm: 3, beforeAlarm: 2 });
    expect(g.foundFraction).toBe(0.75);
    expect(g.beforeAlarmFraction).toBe(0.667);
    // Leads sorted: −∞ (missed), 20, 30 → the median is 20 s.
    expect(g.medianLeadS).toBe(20);
  });

  it('reports false alerts per 8 robot-hours, by class and by rate', () => {
    const fa = falseAlertFigures(scores);
    expect(fa).toEqual({
      robotHours: 4,
      alerts: 3,
      per8RobotHours: 6,
      byClass: { collision: 1, overload: 2 },
    });
    const f = simulatorFigures('second', scores);
    expect(f.perRate['10']?.falseAlerts.per8RobotHours).toBe(4);
    expect(f.perRate['50']?.falseAlerts.per8RobotHours).toBe(8);
    expect(f.perClass.overload.found).toBe(2);
    expect(f.classByFamily.wear['XM430-W350@12V']).toEqual({ found: 1, total: 1 });
    expect(f.firstCalls.overload).toEqual({ overload: 2, nothing: 1 });
  });

  it('says the median is missed when most alarm-tripping faults were missed', () => {
    const g = groupFigures([scores[2], scores[2], scores[0]].filter((s) => s !== undefined));
    expect(g.medianLeadS).toBeNull();
    expect(g.medianIsMissedOrLate).toBe(true);
  });

  it('groups arbitrary rates into the nearest of 10, 25, 50 and 100 Hz', () => {
    expect([10, 14, 17, 33, 36, 70, 72, 100].map(rateBand)).toEqual([
      10, 10, 25, 25, 50, 50, 100, 100,
    ]);
  });
});
