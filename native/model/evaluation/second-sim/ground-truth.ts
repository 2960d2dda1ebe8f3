/**
 * What really happened in a second-simulator scenario, written beside its telemetry CSV: the
 * scenario itself (so it can be re-run), the fault with its onset, joint, class and variant, every
 * Hardware Error trip (the servo's own alarm) with its time and whether it fell inside the
 * recording, and, for faults heading to a thermal or supply alarm under steady conditions, the
 * time remaining until that alarm at each instant from when the conditions became steady.
 *
 * Time to alarm: after a thermal fault has reached its full size (or a sag trend has begun) the
 * work goes on at the same duty cycle, so the time remaining at instant t is exactly
 * (first trip − t). The simulation runs on unrecorded past the end, when needed, to find that trip.
 */
import type { FaultClass } from '../../../domain/faults';
import { HW_BIT } from '../../telemetry';
import type { StreamCounts } from './telemetry-stream';
import type { ScenarioSpec } from './scenario';

export const TRUTH_FORMAT = 'genba-second-sim-truth/1';

export const HW_BIT_NAMES: Record<number, string> = {
  [HW_BIT.inputVoltage]: 'input_voltage',
  [HW_BIT.overheating]: 'overheating',
  [HW_BIT.motorEncoder]: 'motor_encoder',
  [HW_BIT.electricalShock]: 'electrical_shock',
  [HW_BIT.overload]: 'overload',
};

/**
 * The servo alarms that answer each fault class: the servo protects itself with whichever trips
 * first (a binding below stall heats the motor until it trips on temperature, not on overload).
 */
export const ALARM_BITS_OF: Record<FaultClass, readonly number[]> = {
  overheating: [HW_BIT.overheating],
  overload: [HW_BIT.overload, HW_BIT.overheating],
  collision: [HW_BIT.overload],
  encoder_fault: [HW_BIT.motorEncoder],
  voltage_sag: [HW_BIT.inputVoltage, HW_BIT.electricalShock],
  wear: [],
  link_degradation: [],
};

export interface AlarmTrip {
  joint: string;
  bit: number;
  name: string;
  tMs: number;
  /** False when it tripped during the unrecorded run-on. */
  recorded: boolean;
}

export interface TimeToAlarmPoint {
  tMs: number;
  remainingS: number;
}

export interface GroundTruth {
  format: typeof TRUTH_FORMAT;
  scenario: ScenarioSpec;
  family: string;
  servoModel: string;
  joints: { name: string; id: number }[];
  fault: {
    class: FaultClass;
    variant: string;
    /** Joint name; `bus` for voltage sag (every joint). */
    joint: string;
    onsetMs: number;
    /** The servo's own alarm for this fault: first trip of one of its bits (sag: any joint). */
    alarm: AlarmTrip | null;
    /** Collisions: when each knock happened. */
    impactsMs: number[];
  } | null;
  alarms: AlarmTrip[];
  timeToAlarm: { joint: string; basis: string; points: TimeToAlarmPoint[] } | null;
  stream: StreamCounts & { robotHours: number };
}

/** The alarm that answers a fault: the first of its bits on its joint (sag: on any joint). */
export function faultAlarm(
  fault: { class: FaultClass; joint: string },
  alarms: readonly AlarmTrip[],
): AlarmTrip | null {
  const bits = ALARM_BITS_OF[fault.class];
  const own = alarms.filter(
    (a) => bits.includes(a.bit) && (fault.class === 'voltage_sag' || a.joint === fault.joint),
  );
  own.sort((a, b) => a.tMs - b.tMs);
  return own[0] ?? null;
}
