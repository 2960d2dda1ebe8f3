/**
 * Draws a complete scenario from a seed: the surroundings, the work, the supply and the stream,
 * and (when asked) a fault of a given class and variant with its size drawn from the ranges below.
 * Severities are relative to the family's ratings where that is what sets them (torques as a
 * fraction of stall, sags as a fraction of the nominal voltage, trends towards the firmware's own
 * minimum), so the same draw means the same thing on a 5 V XL330 and a 12 V XM430.
 */
import type { FaultClass } from '../../../domain/faults';
import { ArmDynamics } from './arm-dynamics';
import type { DutyCycle } from './motion-plan';
import { Xoshiro128 } from './random';
import { robotBuild, type RobotBuild } from './robot-builds';
import type { FaultSpec, ScenarioSpec } from './scenario';
import { SERVO_RATINGS } from './servo-ratings';

export const FAULT_VARIANTS: Record<FaultClass, readonly string[]> = {
  overheating: ['blocked_cooling', 'high_duty'],
  overload: ['fast', 'slow'],
  collision: ['impact'],
  encoder_fault: ['glitches', 'long_jumps'],
  voltage_sag: ['droop', 'connector', 'trending'],
  wear: ['backlash_growth'],
  link_degradation: ['growing_gaps'],
};

export interface DrawOptions {
  build: string;
  sampleHz: number;
  fault: { class: FaultClass; variant: string } | null;
  duty?: DutyCycle;
  /** Normal runs only: how long. */
  durationS?: number;
}

export function drawScenario(seed: number, o: DrawOptions): ScenarioSpec {
  const build = robotBuild(o.build);
  const ratings = SERVO_RATINGS[build.family];
  const r = new Xoshiro128(seed).fork('scenario');
  const battery = r.chance(0.3);
  const nominalV = ratings.supplyV * r.between(0.97, 1.03);
  const fault = o.fault ? drawFault(r, build, o.fault.class, o.fault.variant, nominalV) : null;
  const thermal = fault?.class === 'overheating';
  const duty: DutyCycle =
    o.duty ??
    (fault && fault.class !== 'encoder_fault' && fault.class !== 'link_degradation'
      ? r.chance(0.6)
        ? 'pick_and_place'
        : 'continuous'
      : r.pick(['idle', 'pick_and_place', 'continuous'] as const));
  const [pLo, pHi] = build.payloadKg;
  const spec: ScenarioSpec = {
    id: `${build.id}-${o.fault ? `${o.fault.class}-${o.fault.variant}` : 'normal'}-${o.sampleHz}hz-${seed}`,
    seed,
    build: build.id,
    robot: `${build.id}-${seed}`,
    durationS: o.durationS ?? faultDuration(fault, r),
    duty,
    // A joint that works more shows heat and binding sooner: thermal faults and fast overloads
    // come with busy work.
    workFraction:
      thermal || (fault?.class === 'overload' && fault.variant === 'fast')
        ? r.between(0.55, 0.85)
        : r.between(0.2, 0.8),
    speedFraction: r.between(0.25, 0.6),
    payloadKg: r.between(pLo, pHi),
    ambientC: thermal ? r.between(24, 34) : r.between(15, 35),
    startRiseC: r.chance(0.3) ? 0 : r.between(2, 12),
    gainScale: r.between(0.8, 1.25),
    supply: {
      kind: battery ? 'battery' : 'regulated',
      nominalV,
      sourceOhm: r.between(0.05, 0.25) * (ratings.supplyV / 12),
      segmentOhm: r.between(0.01, 0.04),
      // A healthy pack: some tenths of a volt over a shift.
      batteryVPerAh: battery ? r.between(0.05, 0.25) * (ratings.supplyV / 12) : 0,
      rippleV: battery ? 0 : r.between(0, 0.03),
    },
    stream: {
      sampleHz: o.sampleHz,
      periodJitter: r.between(0.01, 0.06),
      hiccupP: r.between(0.001, 0.006),
      lossP: r.between(1e-4, 2e-3),
      staleP: r.between(0, 5e-4),
      duplicateP: r.between(0, 2e-4),
    },
    fault,
    runOnS: thermal || (fault?.class === 'voltage_sag' && fault.variant === 'trending') ? 3600 : 0,
    endAfterAlarmS: 120,
  };
  return spec;
}

function mostLoadedJoint(build: RobotBuild): string {
  const arm = new ArmDynamics(build);
  arm.update(
    build.joints.map((j) => j.homeRad),
    build.payloadKg[1],
  );
  let best = 0;
  arm.gravityNm.forEach((g, i) => {
    if (Math.abs(g) > Math.abs(arm.gravityNm[best] ?? 0)) best = i;
  });
  return build.joints[best]?.name ?? build.joints[0]?.name ?? 'joint1';
}

function pickJoint(r: Xoshiro128, build: RobotBuild, kinds: readonly string[]): string {
  const joints = build.joints.filter((j) => kinds.includes(j.kind));
  return r.pick(joints).name;
}

function drawFault(
  r: Xoshiro128,
  build: RobotBuild,
  cls: FaultClass,
  variant: string,
  nominalV: number,
): FaultSpec {
  if (!FAULT_VARIANTS[cls].includes(variant))
    throw new Error(
      `Unknown ${cls} variant "${variant}"; known: ${FAULT_VARIANTS[cls].join(', ')}.`,
    );
  const ratings = SERVO_RATINGS[build.family];
  const onsetS = r.between(60, 150);
  const base = { class: cls, variant, onsetS };
  // Arguments are drawn left to right: the joint, the ramp, then the parameters, as the seeds expect.
  const fault = (joint: string, rampS: number, params: FaultSpec['params']): FaultSpec => ({
    ...base,
    joint,
    rampS,
    params,
  });
  const workingKinds = ['pitch', 'yaw'];
  const everyKind = ['yaw', 'pitch', 'roll', 'gripper'];
  switch (cls) {
    case 'overheating':
      // Blocked cooling only matters on a joint that works: the most loaded one.
      return variant === 'blocked_cooling'
        ? fault(mostLoadedJoint(build), r.between(20, 120), { factor: r.between(5, 8) })
        : fault(pickJoint(r, build, workingKinds), r.between(5, 30), {
            loadFraction: r.between(0.35, 0.55),
          });
    case 'overload':
      return variant === 'fast'
        ? fault(pickJoint(r, build, workingKinds), r.between(3, 15), {
            peakFraction: r.between(1.0, 1.6),
          })
        : fault(pickJoint(r, build, workingKinds), r.between(60, 240), {
            peakFraction: r.between(0.6, 1.3),
          });
    case 'collision':
      return fault(pickJoint(r, build, workingKinds), 0, {
        impacts: 1 + r.below(3),
        spacingS: r.between(40, 90),
        stiffness: r.between(20, 80),
        holdS: r.between(0.08, 0.6),
      });
    case 'encoder_fault':
      return variant === 'glitches'
        ? fault(pickJoint(r, build, everyKind), r.between(60, 240), {
            amplitudeRad: r.between(0.05, 0.8),
            ratePerS: r.between(0.2, 3),
            minMs: 2,
            maxMs: 30,
          })
        : fault(pickJoint(r, build, everyKind), 0, {
            amplitudeRad: r.between(0.1, 0.5),
            ratePerS: r.between(0.05, 0.5),
            minMs: 100,
            maxMs: 1500,
          });
    case 'voltage_sag': {
      const headroom = nominalV - ratings.minVoltageLimitV;
      const typicalA = 0.5 * ratings.stallCurrentA;
      if (variant === 'droop')
        return fault('bus', r.between(5, 60), { fraction: r.between(0.1, 0.35) });
      if (variant === 'connector')
        return fault('bus', r.between(30, 180), {
          extraOhm: (r.between(0.1, 0.3) * nominalV) / typicalA,
        });
      return fault('bus', 0, {
        vPerMin: headroom / r.between(10, 60),
        kneeS: r.between(150, 900),
      });
    }
    case 'wear': {
      const play = ratings.sim.newBacklashRad;
      // Wear starts earlier than the other faults: drawn first, it takes the onset's place.
      const wearOnsetS = r.between(30, 90);
      return {
        ...fault(pickJoint(r, build, ['yaw', 'pitch', 'roll']), r.between(360, 1200), {
          finalBacklashRad: play * r.between(2, 4) + r.between(0.01, 0.035),
          rippleFraction: r.between(0.02, 0.06),
        }),
        onsetS: wearOnsetS,
      };
    }
    case 'link_degradation':
      return fault(pickJoint(r, build, everyKind), r.between(180, 600), {
        finalBurstS: r.between(0.5, 4),
        finalLoss: r.between(0.05, 0.3),
      });
  }
}

/** How long a fault scenario records: the fault's growth and some minutes of its full size. */
function faultDuration(f: FaultSpec | null, r: Xoshiro128): number {
  if (!f) return 1200;
  const settle = f.onsetS + f.rampS;
  switch (f.class) {
    case 'overheating':
      return 1800;
    case 'collision':
      return f.onsetS + (f.params.impacts ?? 1) * (f.params.spacingS ?? 60) * 1.3 + 60;
    case 'voltage_sag':
      return f.variant === 'trending' ? 1500 : settle + r.between(120, 240);
    case 'wear':
    case 'link_degradation':
      return settle + r.between(120, 240);
    default:
      return Math.max(360, settle + r.between(90, 180));
  }
}
