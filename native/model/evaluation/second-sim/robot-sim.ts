/**
 * Runs one second-simulator scenario: an arm of one servo family on one supply, the host's motion
 * plan and poll loop, and at most one fault, stepped at 1 ms; returns the telemetry rows (the CSV
 * contract's shape) and the ground truth. Pure and deterministic: the same spec gives the same
 * rows, bit for bit.
 */
import type { TelemetryRow } from '../../telemetry';
import { ArmDynamics } from './arm-dynamics';
import { CollisionObstacle, DegradingLink, EncoderGlitches, growth } from './fault-effects';
import {
  faultAlarm,
  HW_BIT_NAMES,
  TRUTH_FORMAT,
  type AlarmTrip,
  type GroundTruth,
  type TimeToAlarmPoint,
} from './ground-truth';
import { MotionPlanner } from './motion-plan';
import { PowerBus } from './power-bus';
import { Xoshiro128 } from './random';
import { robotBuild } from './robot-builds';
import type { ScenarioSpec } from './scenario';
import { SERVO_RATINGS } from './servo-ratings';
import { PHYSICS_STEP_S, ServoUnit } from './servo-unit';
import { TelemetryStream } from './telemetry-stream';

export interface SecondSimResult {
  rows: TelemetryRow[];
  truth: GroundTruth;
}

const TTA_EVERY_S = 10;

export function runSecondSimScenario(spec: ScenarioSpec): SecondSimResult {
  const build = robotBuild(spec.build);
  const ratings = SERVO_RATINGS[build.family];
  const root = new Xoshiro128(spec.seed);
  const n = build.joints.length;
  const servos = build.joints.map(
    (j, i) =>
      new ServoUnit(ratings, j.homeRad, j, spec.ambientC, spec.gainScale, root.fork(`sensor-${i}`)),
  );
  const arm = new ArmDynamics(build);
  const bus = new PowerBus(spec.supply, n, PHYSICS_STEP_S);
  const noLoadRadS = (ratings.noLoadSpeedRpm * 2 * Math.PI) / 60;
  const planner = new MotionPlanner(
    build,
    {
      duty: spec.duty,
      workFraction: spec.workFraction,
      speedFraction: spec.speedFraction,
      payloadKg: spec.payloadKg,
      noLoadRadS,
    },
    root.fork('motion'),
  );
  const f = spec.fault;
  const fj = f ? build.joints.findIndex((j) => j.name === f.joint) : -1;
  if (f && f.class !== 'voltage_sag' && fj < 0)
    throw new Error(`Scenario ${spec.id}: the fault's joint "${f.joint}" is not on ${build.id}.`);
  const faultRandom = root.fork('fault');
  const glitches = f?.class === 'encoder_fault' ? new EncoderGlitches(f, faultRandom) : null;
  const obstacle =
    f?.class === 'collision' ? new CollisionObstacle(f, ratings.stallTorqueNm, faultRandom) : null;
  const link = f?.class === 'link_degradation' ? new DegradingLink(f, root.fork('link')) : null;
  const stream = new TelemetryStream(
    spec.stream,
    spec.robot,
    build.joints.map((j) => j.name),
    root.fork('stream'),
    link ? { index: fj, link } : null,
  );
  const gripper = build.joints.findIndex((j) => j.kind === 'gripper');
  const gripStiffness = ratings.stallTorqueNm / 0.05;
  const defaultLimit = ratings.currentLimitA;
  const gripLimit = build.gripCurrentFraction * ratings.stallCurrentA;
  const q = new Float64Array(n);
  const supplyA = new Float64Array(n);
  const alarms: AlarmTrip[] = [];
  const seen = new Uint8Array(n);
  const ttaPoints: TimeToAlarmPoint[] = [];
  const ttaFrom = ttaStart(spec);
  const ttaCandidates: number[] = [];

  const steps = Math.round(spec.durationS / PHYSICS_STEP_S);
  const maxSteps = steps + Math.round(spec.runOnS / PHYSICS_STEP_S);
  let holding = false;
  let faultAlarmFound = false;
  let recordUntilS = spec.durationS;
  for (let k = 0; k < maxSteps; k++) {
    const t = k * PHYSICS_STEP_S;
    if (t >= recordUntilS && faultAlarmFound) break;
    if (k === steps) {
      stream.stop();
      if (ttaFrom === null || faultAlarmFound) break;
    }
    planner.update(t);
    if (f && t >= f.onsetS) applyFault(spec, t, servos, bus, fj, ratings.stallTorqueNm);
    if (k % 5 === 0) {
      for (let i = 0; i < n; i++) q[i] = servos[i]?.drivetrain.linkRad ?? 0;
      arm.update(q, planner.payloadKg);
    }
    glitches?.update(t);
    for (let i = 0; i < n; i++) {
      const s = servos[i];
      if (!s) continue;
      const fw = s.firmware;
      fw.goalRad = planner.goals[i] ?? fw.goalRad;
      const wanted = planner.torqueWanted[i] === 1;
      fw.torqueEnabled = wanted && (fw.hwError & ratings.shutdownMask) === 0;
      const dt = s.drivetrain;
      let load = arm.gravityNm[i] ?? 0;
      if (i === fj && f?.class === 'overheating' && f.variant === 'high_duty') {
        // The joint ends up holding `loadFraction` × stall however it is posed.
        const target = (f.params.loadFraction ?? 0.5) * ratings.stallTorqueNm * growth(f, t);
        load += Math.sign(load || 1) * Math.max(0, target - Math.abs(load));
      }
      if (i === fj && obstacle) load += obstacle.torque(t, dt.linkRad, dt.linkRadS);
      if (i === gripper) {
        fw.currentLimitA = planner.grasping ? gripLimit : defaultLimit;
        const o = planner.objectRad;
        if (o !== null && dt.linkRad < o) {
          load +=
            gripStiffness * (o - dt.linkRad) - 0.05 * gripStiffness * Math.min(0, dt.linkRadS);
          if (!holding && planner.grasping) planner.setHolding((holding = true));
        } else if (holding && !planner.grasping && o !== null && dt.linkRad > o + 0.05) {
          planner.setHolding((holding = false));
        }
      }
      const offset = i === fj && glitches ? glitches.offsetRad : 0;
      s.step(t, bus.servoV[i] ?? 0, load, arm.inertiaKgM2[i] ?? 0, offset, spec.ambientC);
      supplyA[i] = s.supplyCurrentA;
      if (fw.hwError !== (seen[i] ?? 0)) {
        for (const [bit, at] of fw.tripS) {
          if (((seen[i] ?? 0) & bit) !== 0) continue;
          alarms.push({
            joint: build.joints[i]?.name ?? `joint${i}`,
            bit,
            name: HW_BIT_NAMES[bit] ?? `bit${bit}`,
            tMs: Math.round(at * 1000),
            recorded: k < steps,
          });
        }
        seen[i] = fw.hwError;
        const own = f && !faultAlarmFound ? faultAlarm(f, alarms) : null;
        if (own) {
          faultAlarmFound = true;
          recordUntilS = Math.min(recordUntilS, own.tMs / 1000 + spec.endAfterAlarmS);
        }
      }
    }
    bus.step(t, supplyA);
    if (ttaFrom !== null && k < steps && t >= ttaFrom && k % (TTA_EVERY_S * 1000) === 0)
      ttaCandidates.push(Math.round(t * 1000));
    if (stream.due(t)) stream.poll(t, (i) => (servos[i] as ServoUnit).registers());
  }

  const alarm = f ? faultAlarm(f, alarms) : null;
  if (f && alarm && ttaFrom !== null)
    for (const tMs of ttaCandidates)
      if (tMs < alarm.tMs) ttaPoints.push({ tMs, remainingS: (alarm.tMs - tMs) / 1000 });
  const truth: GroundTruth = {
    format: TRUTH_FORMAT,
    scenario: spec,
    family: build.family,
    servoModel: ratings.model,
    joints: build.joints.map((j) => ({ name: j.name, id: j.id })),
    fault: f
      ? {
          class: f.class,
          variant: f.variant,
          joint: f.joint,
          onsetMs: Math.round(f.onsetS * 1000),
          alarm,
          impactsMs: obstacle ? obstacle.impactsS.map((s) => Math.round(s * 1000)) : [],
        }
      : null,
    alarms,
    timeToAlarm:
      f && ttaFrom !== null
        ? {
            joint: f.joint,
            basis: f.class === 'voltage_sag' ? 'input_voltage' : 'overheating',
            points: ttaPoints,
          }
        : null,
    stream: { ...stream.counts, robotHours: Math.min(spec.durationS, recordUntilS) / 3600 },
  };
  return { rows: stream.rows, truth };
}

/** When the conditions behind a thermal fault or a sag trend are steady (null: no such truth). */
function ttaStart(spec: ScenarioSpec): number | null {
  const f = spec.fault;
  if (!f) return null;
  if (f.class === 'overheating') return f.onsetS + f.rampS;
  if (f.class === 'voltage_sag' && f.variant === 'trending') return f.onsetS + f.rampS;
  return null;
}

function applyFault(
  spec: ScenarioSpec,
  t: number,
  servos: ServoUnit[],
  bus: PowerBus,
  fj: number,
  stallNm: number,
): void {
  const f = spec.fault;
  if (!f) return;
  const g = growth(f, t);
  const s = servos[fj];
  switch (f.class) {
    case 'overheating':
      if (s && f.variant === 'blocked_cooling')
        s.thermal.coolingResistanceFactor = 1 + ((f.params.factor ?? 3) - 1) * g;
      return;
    case 'overload':
      if (s) s.drivetrain.bindingNm = (f.params.peakFraction ?? 1) * stallNm * g;
      return;
    case 'voltage_sag': {
      const nominal = spec.supply.nominalV;
      if (f.variant === 'droop') bus.droopV = (f.params.fraction ?? 0.2) * nominal * g;
      else if (f.variant === 'connector') bus.extraSourceOhm = (f.params.extraOhm ?? 1) * g;
      else {
        // A battery near empty: the voltage falls faster and faster towards its knee.
        const knee = f.params.kneeS ?? 300;
        const slope = (f.params.vPerMin ?? 0.5) / 60;
        bus.droopV = slope * knee * Math.expm1(Math.max(0, t - f.onsetS) / knee);
      }
      return;
    }
    case 'wear':
      if (s) {
        const m = s.ratings.sim;
        const w = Math.sqrt(g);
        const d = s.drivetrain;
        d.backlashRad =
          m.newBacklashRad + ((f.params.finalBacklashRad ?? 0.04) - m.newBacklashRad) * w;
        d.rippleNm = (f.params.rippleFraction ?? 0.04) * s.ratings.stallTorqueNm * w;
        d.frictionFactor = 1 + 0.3 * w;
      }
      return;
    default:
      return;
  }
}
