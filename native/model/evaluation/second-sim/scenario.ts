/**
 * A second-simulator scenario, fully described by data (and so reproducible from its JSON alone):
 * which arm, how it works, its surroundings and supply, how it is sampled, and at most one fault.
 * Fault parameters per variant (all magnitudes relative to the servo's ratings where they scale):
 * - overheating/blocked_cooling: `factor` × case-to-ambient resistance, reached over `rampS`;
 * - overheating/high_duty: `loadFraction` × stall torque held on the link on top of its work (a
 *   failed counterbalance spring, a heavier tool), so the joint works far harder than it was sized for;
 * - overload/fast, overload/slow: binding friction growing to `peakFraction` × stall over `rampS`;
 * - collision/impact: `impacts` knocks `spacingS` apart into an obstacle of `stiffness` × stall
 *   torque per rad that gives way after `holdS`;
 * - encoder_fault/glitches, /long_jumps: readings off by up to `amplitudeRad` for `minMs`–`maxMs`,
 *   `ratePerS` times a second (glitches grow from a tenth of that size over `rampS`);
 * - voltage_sag/droop: open-circuit volts down by `fraction` × nominal over `rampS`;
 *   /connector: `extraOhm` added to the source over `rampS`; /trending: a battery running down,
 *   falling at `vPerMin` at first and ever faster (e-folding `kneeS`) towards its knee;
 * - wear/backlash_growth: play growing to `finalBacklashRad` and mesh ripple to `rippleFraction` ×
 *   stall torque over `rampS` (as √ of the elapsed fraction: fast at first, then slower);
 * - link_degradation/growing_gaps: lost replies in bursts growing to `finalBurstS` long, with a
 *   background loss up to `finalLoss`, over `rampS`.
 */
import type { FaultClass } from '../../../domain/faults';
import type { DutyCycle } from './motion-plan';
import type { SupplySpec } from './power-bus';

export interface FaultSpec {
  class: FaultClass;
  variant: string;
  /** Joint name; `bus` for voltage sag. */
  joint: string;
  onsetS: number;
  /** Time for the fault to reach its full size (0 = a step). */
  rampS: number;
  params: Record<string, number>;
}

export interface StreamSpec {
  sampleHz: number;
  /** Relative sd of the poll period, and the chance per cycle of a scheduling hiccup. */
  periodJitter: number;
  hiccupP: number;
  /** Per joint per cycle: a failed read (retried once), a stale repeat, a duplicated row. */
  lossP: number;
  staleP: number;
  duplicateP: number;
}

export interface ScenarioSpec {
  id: string;
  seed: number;
  build: string;
  robot: string;
  durationS: number;
  duty: DutyCycle;
  workFraction: number;
  speedFraction: number;
  payloadKg: number;
  ambientC: number;
  /** How warm the servos are at the start, above ambient (0 = a cold start of the shift). */
  startRiseC: number;
  /** Position-loop gains × the family's defaults (people tune them). */
  gainScale: number;
  supply: SupplySpec;
  stream: StreamSpec;
  fault: FaultSpec | null;
  /**
   * Thermal faults and trending sag: how long the simulation may run on, unrecorded, past the end
   * to find when the servo's alarm would trip (for time-to-alarm ground truth).
   */
  runOnS: number;
  /** Recording ends this long after the fault's own alarm (the servo is off; nothing to learn). */
  endAfterAlarmS: number;
}
