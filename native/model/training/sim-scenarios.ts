/**
 * Labelled telemetry from the XM430-W350 / OpenManipulator-X simulator, for training and held-out
 * evaluation of the diagnostics head. Every scenario is one robot doing pick-and-place-like moves
 * with a random duty cycle, payload, ambient temperature, supply, sample rate (10–100 Hz, with
 * irregular intervals and time stamps that lag the measurement) and gaps in the stream, and at
 * most one injected fault with a random onset, magnitude and joint. The servo's own Hardware
 * Error Status latches exactly as in the simulator; its first trip is the "hardware alarm" the
 * lead time is measured against.
 *
 * Faults that develop (overload: a mechanism binding; voltage sag: a supply running down) ramp up
 * over a random 15–120 s as a staircase of injector levels, to a final severity that may or may
 * not be enough to trip the servo's own protection (a binding that raises the current without
 * stalling, a sag of 1.5 V that leaves the bus above the 9.5 V limit): the mild ones are where an
 * early warning matters most and where fixed thresholds see nothing. The rest are as the injector
 * defines them (overheating is an extra heat source, wear grows by itself, collision is an impulse,
 * encoder faults jitter the reading, link degradation loses this servo's replies on the wire).
 */
import { DynamixelBusSimulator } from '../../servos/dynamixel2/sim/bus-simulator';
import { FAULT_CLASSES, type FaultClass } from '../../domain';
import { OPEN_MANIPULATOR_X_JOINTS } from '../../robots/sim/open-manipulator-x';
import { SeededRandom } from '../../servos/physics/random';
import { ServoModel } from '../../servos/dynamixel2/sim/servo-model';
import type { ByteTransport } from '../../transport/byte-transport';
import type { TelemetryRow } from '../telemetry';

const PULSE_RAD = (2 * Math.PI) / 4096;
const RPM_RAD_S = (0.229 * 2 * Math.PI) / 60;
const PHYSICS_DT = 1 / 200;

export interface ScenarioSpec {
  seed: number;
  robot: string;
  durationS: number;
  ambientC: number;
  supplyV: number;
  /** Multiplies the gravity torque of joints 2–4 (1 = empty gripper). */
  payload: number;
  /** Fraction of time the joints are moving. */
  duty: number;
  sampleHz: number;
  /** Stream gaps (all joints): start and length in seconds. */
  gaps: { atS: number; lengthS: number }[];
  fault: {
    name: FaultClass;
    /** Joint name; voltage_sag affects the whole bus. */
    joint: string;
    onsetS: number;
    magnitude: number;
    /** Ramp length for developing faults (0 = a step). */
    rampS: number;
  } | null;
}

export interface ScenarioResult {
  spec: ScenarioSpec;
  rows: TelemetryRow[];
  /** First latched hardware error per joint (ms), if any. */
  alarmMs: Record<string, number>;
  /** Collision instants (ms) on the faulted joint. */
  collisionMs: number[];
}

/**
 * When the servos' own alarm first went off for the scenario's fault: on any joint for the
 * bus-wide voltage sag, on the faulted joint otherwise; null for a healthy run or one never latched.
 */
export function faultAlarmMs(result: ScenarioResult): number | null {
  const f = result.spec.fault;
  if (!f) return null;
  const alarms =
    f.name === 'voltage_sag'
      ? Object.values(result.alarmMs)
      : [result.alarmMs[f.joint]].filter((x): x is number => x !== undefined);
  return alarms.length ? Math.min(...alarms) : null;
}

/** A transport that carries nothing: the generator steps the physics and reads registers directly. */
const silentTransport: ByteTransport = {
  path: 'loopback:training',
  baudRate: 1_000_000,
  isOpen: false,
  write: () => Promise.resolve(),
  onData: () => () => {},
  onClose: () => () => {},
  setBaudRate: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** Injector magnitude drawn per fault (uniform); the one source for the draws and the report. */
const SEVERITY: Record<FaultClass, readonly [number, number]> = {
  overheating: [0.45, 1.1],
  overload: [0.4, 1.2],
  collision: [0.6, 1.0],
  encoder_fault: [0.15, 1.0],
  voltage_sag: [0.5, 1.1],
  wear: [0.6, 1.0],
  link_degradation: [0.35, 1.0],
};
/** Developing faults reach their final magnitude over this many seconds. */
const RAMP_S = [15, 120] as const;

/** The severity ranges in words, with what a magnitude means physically (servo-model.ts). */
function severityNote(): string {
  const n = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(+x.toFixed(2)));
  const range = (fault: FaultClass, per = 1) =>
    `${n(SEVERITY[fault][0] * per)}–${n(SEVERITY[fault][1] * per)}`;
  return (
    `random per scenario; overload ${range('overload')} (binding torque ${range('overload', 6)} N·m) ` +
    `and voltage sag ${range('voltage_sag')} (${range('voltage_sag', 3)} V below the supply) ramp up ` +
    `over ${RAMP_S[0]}–${RAMP_S[1]} s, and the milder of them never trip the servo’s own alarm; ` +
    `collision ${range('collision')}, encoder fault ${range('encoder_fault')}, overheating ` +
    `${range('overheating')} (${range('overheating', 8)} W extra heat), wear ${range('wear')}, ` +
    `link degradation ${range('link_degradation')}.`
  );
}
export const SEVERITY_NOTE = severityNote();

/** Draws a random scenario; `fault` null = healthy, undefined = random (including none). */
export function randomScenario(
  seed: number,
  options: { durationS: number; fault?: FaultClass | null; robot?: string },
): ScenarioSpec {
  const r = new SeededRandom(seed * 7919 + 17);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r.next();
  const durationS = options.durationS;
  const rates = [10, 20, 25, 50, 100];
  const sampleHz = r.next() < 0.5 ? (rates[r.int(rates.length)] ?? 10) : Math.round(u(10, 100));
  const gaps: ScenarioSpec['gaps'] = [];
  const nGaps = r.int(Math.max(1, Math.round(durationS / 120)) + 1);
  for (let i = 0; i < nGaps; i++) gaps.push({ atS: u(5, durationS - 5), lengthS: u(0.3, 4) });
  const name =
    options.fault === undefined ? FAULT_CLASSES[r.int(FAULT_CLASSES.length)] : options.fault;
  let fault: ScenarioSpec['fault'] = null;
  if (name) {
    const joints = OPEN_MANIPULATOR_X_JOINTS.map((j) => j.name);
    const joint =
      name === 'voltage_sag'
        ? 'bus'
        : name === 'overload' || name === 'collision' || name === 'wear'
          ? (joints[r.int(4)] ?? 'joint1')
          : (joints[r.int(joints.length)] ?? 'joint1');
    const magnitude = u(...SEVERITY[name]);
    const rampS = name === 'overload' || name === 'voltage_sag' ? u(...RAMP_S) : 0;
    fault = { name, joint, onsetS: u(0.25, 0.5) * durationS, magnitude, rampS };
  }
  return {
    seed,
    robot: options.robot ?? `arm-${seed}`,
    durationS,
    ambientC: u(12, 38),
    supplyV: u(11.6, 12.4),
    payload: u(0.6, 2.2),
    duty: u(0.15, 0.85),
    sampleHz,
    gaps,
    fault,
  };
}

interface JointPlan {
  servo: ServoModel;
  minRad: number;
  maxRad: number;
  nextMoveS: number;
  movingUntilS: number;
}

export function runScenario(spec: ScenarioSpec): ScenarioResult {
  const r = new SeededRandom(spec.seed * 104729 + 3);
  const servos = OPEN_MANIPULATOR_X_JOINTS.map((joint) => {
    const g = joint.load.gravityNm ?? 0;
    const servo = new ServoModel({
      id: joint.id,
      name: joint.name,
      ambientC: spec.ambientC,
      load: {
        ...joint.load,
        gravityNm: g * spec.payload,
        inertiaKgM2: (joint.load.inertiaKgM2 ?? 0.012) * (1 + 0.3 * (spec.payload - 1)),
      },
    });
    servo.set('torqueEnable', 1);
    servo.set('profileVelocity', 20 + r.int(60));
    servo.set('profileAcceleration', 10 + r.int(40));
    return servo;
  });
  const sim = new DynamixelBusSimulator(silentTransport, servos, {
    autoStart: false,
    ambientC: spec.ambientC,
    supplyV: spec.supplyV,
    seed: spec.seed,
  });
  const f = spec.fault;
  const faultId = f
    ? (OPEN_MANIPULATOR_X_JOINTS.find((j) => j.name === f.joint)?.id ?? undefined)
    : undefined;
  if (f && f.name !== 'collision') {
    const steps = f.rampS > 0 ? 24 : 1;
    for (let i = 1; i <= steps; i++) {
      sim.faults.add({
        name: f.name,
        ...(faultId !== undefined ? { id: faultId } : {}),
        onsetS: f.onsetS + (f.rampS * (i - 1)) / steps,
        magnitude: (f.magnitude * i) / steps,
      });
    }
  }
  // Collisions happen when the arm moves into something: each knock waits for the joint to move.
  const collisionMs: number[] = [];
  const knocks: number[] = [];
  if (f?.name === 'collision') {
    let t = f.onsetS;
    knocks.push(t);
    while (r.next() < 0.5 && t + 60 < spec.durationS) {
      t += 30 + 60 * r.next();
      knocks.push(t);
    }
  }
  const faultServo = servos.find((s) => s.name === f?.joint);

  const plans: JointPlan[] = servos.map((servo, i) => {
    const joint = OPEN_MANIPULATOR_X_JOINTS[i];
    return {
      servo,
      minRad: Math.max(joint?.load.minRad ?? -1.5, -1.5) + 0.15,
      maxRad: Math.min(joint?.load.maxRad ?? 1.5, 1.5) - 0.15,
      nextMoveS: r.next() * 3,
      movingUntilS: 0,
    };
  });

  const rows: TelemetryRow[] = [];
  const alarmMs: Record<string, number> = {};
  const dropP =
    f?.name === 'link_degradation' ? 1 - (1 - 0.4 * f.magnitude) * (1 - 0.3 * f.magnitude) : 0;
  let nextSampleS = 0;
  const samplePeriod = 1 / spec.sampleHz;
  // The app stamps a sample when the reply arrives, not when the servo measured it: USB latency
  // and scheduling add 1–4 ms, and now and then (a busy machine) tens of ms. Own generator, so
  // the physical run is the same as without it.
  const stampR = new SeededRandom(spec.seed * 7907 + 11);
  let lastStampMs = -Infinity;
  const stampOf = (tS: number) => {
    let delayMs = 1 + 3 * stampR.next();
    if (stampR.next() < 0.03) delayMs += Math.min(60, -15 * Math.log(1 - stampR.next()));
    lastStampMs = Math.max(lastStampMs + 1, Math.round(tS * 1000 + delayMs));
    return lastStampMs;
  };
  const steps = Math.round(spec.durationS / PHYSICS_DT);
  for (let k = 0; k < steps; k++) {
    const t = k * PHYSICS_DT;
    for (const plan of plans) {
      if (t >= plan.nextMoveS) {
        const goal = plan.minRad + (plan.maxRad - plan.minRad) * r.next();
        const servo = plan.servo;
        servo.set('goalPosition', Math.round(goal / PULSE_RAD) + 2048);
        const dist = Math.abs(goal - servo.physics.sensedRad);
        const vel = servo.get('profileVelocity') * RPM_RAD_S;
        const moveS = dist / vel + 0.5;
        const dwell = (moveS * (1 - spec.duty)) / spec.duty;
        plan.movingUntilS = t + moveS;
        plan.nextMoveS = t + moveS + dwell * (0.5 + r.next());
      }
    }
    const knock = knocks[0];
    if (
      knock !== undefined &&
      t >= knock &&
      faultServo &&
      Math.abs(faultServo.physics.velocityRadS) > 0.3
    ) {
      knocks.shift();
      sim.faults.add({
        name: 'collision',
        id: faultServo.id,
        onsetS: t,
        magnitude: f?.magnitude ?? 1,
      });
      collisionMs.push(Math.round(t * 1000));
    }
    sim.step(PHYSICS_DT);
    for (const servo of servos) {
      const bits = servo.hardwareError;
      if (bits && alarmMs[servo.name] === undefined) alarmMs[servo.name] = Math.round(t * 1000);
    }
    if (t + 1e-9 >= nextSampleS) {
      nextSampleS += samplePeriod * (0.9 + 0.2 * r.next());
      const inGap = spec.gaps.some((g) => t >= g.atS && t < g.atS + g.lengthS);
      if (inGap) continue;
      const tMs = stampOf(t);
      for (const servo of servos) {
        if (servo.name === f?.joint && dropP > 0 && t >= f.onsetS && r.next() < dropP) continue;
        rows.push({
          tMs,
          robot: spec.robot,
          joint: servo.name,
          positionRad: (servo.get('presentPosition') - 2048) * PULSE_RAD,
          velocityRadS: servo.get('presentVelocity') * RPM_RAD_S,
          currentA: servo.get('presentCurrent') * 0.00269,
          voltageV: servo.get('presentInputVoltage') / 10,
          temperatureC: servo.get('presentTemperature'),
          hwError: servo.hardwareError,
        });
      }
    }
  }
  return { spec, rows, alarmMs, collisionMs };
}
