/** The second simulator's ground truth in the harness's common shape. */
import { rateBand, type ScoringTruth } from './ood-scoring';
import type { GroundTruth } from './second-sim/ground-truth';
import { SERVO_RATINGS, type ServoFamilyId } from './second-sim/servo-ratings';

export function secondSimScoringTruth(t: GroundTruth): ScoringTruth {
  const ratings = SERVO_RATINGS[t.family as ServoFamilyId];
  const f = t.fault;
  const tta = t.timeToAlarm;
  return {
    simulator: 'second',
    id: t.scenario.id,
    family: t.family,
    sampleHz: rateBand(t.scenario.stream.sampleHz),
    robot: t.scenario.robot,
    joints: t.joints.map((j) => j.name),
    robotHours: t.stream.robotHours,
    fault: f
      ? {
          class: f.class,
          variant: f.variant,
          joint: f.joint,
          onsetMs: f.onsetMs,
          // Only an alarm inside the recording can be raced; one in the run-on is not in the data.
          alarmMs: f.alarm && f.alarm.recorded ? f.alarm.tMs : null,
        }
      : null,
    timeToAlarm: tta
      ? {
          joint: tta.joint,
          basis: tta.basis === 'input_voltage' ? 'input_voltage' : 'overheating',
          limit:
            tta.basis === 'input_voltage' ? ratings.minVoltageLimitV : ratings.temperatureLimitC,
          points: tta.points,
        }
      : null,
  };
}
