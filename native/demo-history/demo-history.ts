/**
 * Demo history: a facility's operation simulated on a simulated clock and logged into a
 * database far faster than real time (`genba demo`). Two OpenManipulator-X arms (the
 * XM430-W350 ServoModel physics, stepped directly — no bus, no serial, no timers) and a Robotiq
 * 2F-85 gripper (its behaviour model) run pick-and-place task runs; injected faults
 * (overheating, overload, collision, voltage sag) raise alerts and faults, an overload trips the
 * servo's hardware error and an operator reboots it; USB cables get replugged; operators write
 * notes in Japanese and English. Telemetry is recorded at 50 Hz per joint through the db worker.
 *
 * It also seeds identifying values (facility name, operator names, robot names, USB serial
 * numbers, notes) and returns them exactly, so the privacy tests can check none of them leaves
 * the building.
 *
 * Event data follows the conventions of db/reports/shift-report.ts.
 */
import { DbClient } from '../../db/db-client';
import type { NewEvent } from '../../db/repositories/events-repository';
import type { TelemetryColumns } from '../../db/telemetry/telemetry-store';
import type { FaultClass, RobotState, TelemetrySample } from '../domain';
import { FaultInjector } from '../servos/physics/faults';
import { createOpenManipulatorXServos } from '../robots/sim/open-manipulator-x';
import type { ServoModel } from '../servos/dynamixel2/sim/servo-model';
import { SeededRandom } from '../servos/physics/random';
import { Gripper2F85Model } from '../grippers/robotiq/sim/gripper-2f85-model';
import { ACTION } from '../grippers/robotiq/registers';

export interface DemoSeededValues {
  facilityName: string;
  operatorNames: string[];
  robotNames: string[];
  usbSerialNumbers: string[];
  notes: string[];
}

export interface DemoHistoryOptions {
  dbPath: string;
  minutes: number;
  /** Simulated time ends here (default: now). */
  endMs?: number;
  seed?: number;
  /** Telemetry rate per joint (default 50 Hz). */
  hz?: number;
  dbWorkerScript?: string;
  onProgress?: (doneMinutes: number, totalMinutes: number) => void;
}

export interface DemoHistoryResult {
  seeded: DemoSeededValues;
  fromMs: number;
  toMs: number;
  samples: number;
  events: number;
  taskRuns: number;
  faults: number;
  alerts: number;
}

const PULSE_RAD = (2 * Math.PI) / 4096;
const RPM_RAD_S = (0.229 * 2 * Math.PI) / 60;
const CURRENT_A = 0.00269;
const CENTRE = 2048;

export const DEMO_VALUES: DemoSeededValues = {
  facilityName: 'ひまわり物流センター 川崎第2倉庫 (Himawari Logistics Kawasaki DC-2)',
  operatorNames: ['佐藤 花子', '鈴木 一郎', 'Maria Santos'],
  robotNames: [
    'アーム さくら (Arm Sakura)',
    'アーム かえで (Arm Kaede)',
    'グリッパー つばめ (Gripper Tsubame)',
  ],
  usbSerialNumbers: ['FT4HM9QZ', 'FT7KD2XA', 'DA1RQ85C'],
  notes: [
    '午前の棚入れ作業は問題なし。関節2が少し熱い気がする。',
    'さくらのケーブルを交換しました（佐藤）。',
    'Shelf B3 restocked; Kaede paused twice for pallets in the aisle.',
    'Night shift: checked the gripper pads, replaced one worn pad.',
    '電圧低下の警報が2回。電源タップを別の回路に移した。',
  ],
};

const ROBOT_IDS = ['arm-sakura', 'arm-kaede', 'gripper-tsubame'] as const;
const ARM_FAULTS: FaultClass[] = ['overheating', 'overload', 'collision', 'voltage_sag'];

/** Pick-and-place waypoints (rad, joint1…joint4, gripper joint). */
const WAYPOINTS: number[][] = [
  [0, -1.0, 0.3, 0.7, 0.5],
  [0.6, 0.2, 0.2, -0.3, 0.5],
  [0.6, 0.35, 0.15, -0.4, -0.3],
  [0.6, -0.2, 0.3, 0.2, -0.3],
  [-0.7, 0.25, 0.1, -0.3, -0.3],
  [-0.7, 0.3, 0.1, -0.3, 0.5],
  [0, -1.0, 0.3, 0.7, 0.5],
];
const TASK_NAMES = [
  '棚入れ B3 (stock shelf B3)',
  'ピッキング A1 (pick A1)',
  'Palletize outbound 7',
];

type Emit = (event: NewEvent) => void;

interface Task {
  run: number;
  name: string;
  startedMs: number;
  step: number;
  stepStartedMs: number;
}

class ArmSim {
  readonly servos: ServoModel[];
  readonly faults: FaultInjector;
  state: RobotState = 'ready';
  connected = true;
  task: Task | null = null;
  nextTaskMs: number;
  reconnectAtMs = 0;
  rebootAtMs = 0;
  busV = 12;
  private timeS = 0;
  private lastAlert = new Map<string, number>();
  private readonly random: SeededRandom;

  constructor(
    readonly robotId: string,
    seed: number,
    startMs: number,
  ) {
    this.servos = createOpenManipulatorXServos(24 + (seed % 3));
    this.faults = new FaultInjector(seed);
    this.random = new SeededRandom(seed * 7919);
    for (const servo of this.servos) {
      servo.set('profileVelocity', 60);
      servo.set('profileAcceleration', 25);
      servo.write(64, new Uint8Array([1]));
    }
    this.nextTaskMs = startMs + 5000 + this.random.int(20_000);
  }

  /** One physics step of `dt` seconds, then events derived from what the sensors show. */
  step(dt: number, nowMs: number, emit: Emit, counters: Counters): void {
    const total = this.servos.reduce((sum, s) => sum + s.supplyCurrentA, 0);
    const sag = this.faults.level('voltage_sag', -1, this.timeS) * 3;
    this.busV = 12 - sag - 0.15 * total;
    const env = { timeS: this.timeS, supplyV: this.busV, ambientC: 25, faults: this.faults };
    for (const servo of this.servos) servo.step(dt, env);
    this.timeS += dt;
    if (!this.connected) {
      if (nowMs >= this.reconnectAtMs) {
        this.connected = true;
        emit({
          tMs: nowMs,
          robotId: this.robotId,
          kind: 'connection',
          severity: 'info',
          text: 'Robot reconnected after the USB cable was replugged',
          data: { connected: true },
        });
        this.setState('ready', nowMs, emit);
      }
      return;
    }
    this.watch(nowMs, emit, counters);
    this.runTask(nowMs, emit, counters);
  }

  injectFault(name: FaultClass, nowMs: number, emit: Emit): void {
    const joint = 11 + this.random.int(4);
    const durationS =
      name === 'collision' ? 0.2 : name === 'voltage_sag' ? 8 : name === 'overheating' ? 240 : 30;
    this.faults.add(
      { name, id: joint, durationS, magnitude: name === 'overheating' ? 1.6 : 1 },
      this.timeS,
    );
    if (name === 'overload' && !this.task) this.startTask(nowMs, emit);
  }

  disconnect(nowMs: number, emit: Emit, counters: Counters): void {
    if (!this.connected) return;
    if (this.task) this.endTask(nowMs, 'aborted', emit, counters);
    this.connected = false;
    this.reconnectAtMs = nowMs + 30_000 + this.random.int(60_000);
    emit({
      tMs: nowMs,
      robotId: this.robotId,
      kind: 'connection',
      severity: 'warning',
      text: 'USB link lost: the robot stopped answering (cable unplugged?)',
      data: { connected: false },
    });
    this.setState('disconnected', nowMs, emit);
  }

  sample(nowMs: number): TelemetrySample[] {
    return this.servos.map((servo) => ({
      tMs: nowMs,
      joint: servo.name,
      positionRad: (servo.get('presentPosition') - CENTRE) * PULSE_RAD,
      velocityRadS: servo.get('presentVelocity') * RPM_RAD_S,
      currentA: servo.get('presentCurrent') * CURRENT_A,
      voltageV: servo.get('presentInputVoltage') / 10,
      temperatureC: servo.get('presentTemperature'),
      hwError: servo.hardwareError,
    }));
  }

  private setState(state: RobotState, nowMs: number, emit: Emit): void {
    if (state === this.state) return;
    this.state = state;
    emit({
      tMs: nowMs,
      robotId: this.robotId,
      kind: 'state',
      severity: state === 'fault' ? 'error' : 'info',
      text: `State: ${state}`,
      data: { state },
    });
  }

  private alert(
    cause: string,
    severity: 'warning' | 'error',
    text: string,
    nowMs: number,
    emit: Emit,
    counters: Counters,
  ) {
    const last = this.lastAlert.get(cause) ?? -Infinity;
    if (nowMs - last < 120_000) return;
    this.lastAlert.set(cause, nowMs);
    counters.alerts++;
    emit({ tMs: nowMs, robotId: this.robotId, kind: 'alert', severity, text, data: { cause } });
  }

  private watch(nowMs: number, emit: Emit, counters: Counters): void {
    for (const servo of this.servos) {
      const temp = servo.get('presentTemperature');
      if (temp >= 60) {
        this.alert(
          'overheating',
          'warning',
          `${servo.name} is hot (${temp} °C): ${servo.name}が過熱しています。運転を止めて冷ましてください。`,
          nowMs,
          emit,
          counters,
        );
      }
      const current = Math.abs(servo.get('presentCurrent') * CURRENT_A);
      if (current > 1.2) {
        this.alert(
          'collision',
          'warning',
          `Possible collision on ${servo.name}: current spike ${current.toFixed(2)} A（衝突の可能性）`,
          nowMs,
          emit,
          counters,
        );
      }
      if (servo.hardwareError !== 0 && this.state !== 'fault') {
        const bits = servo.hardwareError;
        const fault =
          bits & 0x20
            ? 'overload'
            : bits & 0x04
              ? 'overheating'
              : bits & 0x01
                ? 'voltage_sag'
                : 'encoder_fault';
        counters.faults++;
        emit({
          tMs: nowMs,
          robotId: this.robotId,
          kind: 'fault',
          severity: 'error',
          text: `${servo.name} hardware error ${bits} (${fault}): torque off. ${servo.name}でエラーが発生し、トルクが切れました。`,
          data: { fault, joint: servo.name, hwError: bits },
        });
        if (this.task) this.endTask(nowMs, 'failed', emit, counters);
        this.setState('fault', nowMs, emit);
        this.rebootAtMs = nowMs + 60_000 + this.random.int(120_000);
      }
    }
    if (this.busV < 11) {
      this.alert(
        'voltage_sag',
        'warning',
        `Supply voltage sag: ${this.busV.toFixed(1)} V（電源電圧の低下）`,
        nowMs,
        emit,
        counters,
      );
    }
    if (this.state === 'fault' && nowMs >= this.rebootAtMs) {
      for (const servo of this.servos) {
        servo.reboot();
        servo.set('profileVelocity', 60);
        servo.set('profileAcceleration', 25);
        servo.write(64, new Uint8Array([1]));
      }
      this.faults.remove('overload');
      emit({
        tMs: nowMs,
        robotId: this.robotId,
        kind: 'operator',
        severity: 'info',
        user: DEMO_VALUES.operatorNames[this.random.int(DEMO_VALUES.operatorNames.length)]!,
        text: 'Rebooted the servos and re-enabled torque after the fault（再起動しました）',
      });
      this.setState('ready', nowMs, emit);
    }
  }

  private startTask(nowMs: number, emit: Emit): void {
    if (this.state !== 'ready') return;
    const run = Math.floor(nowMs / 1000);
    const name = TASK_NAMES[this.random.int(TASK_NAMES.length)]!;
    this.task = { run, name, startedMs: nowMs, step: 0, stepStartedMs: nowMs };
    this.goTo(WAYPOINTS[0]!);
    emit({
      tMs: nowMs,
      robotId: this.robotId,
      kind: 'task',
      severity: 'info',
      text: `Task started: ${name}`,
      data: { phase: 'start', run: `${this.robotId}-${run}`, task: name },
    });
    this.setState('running', nowMs, emit);
  }

  private endTask(
    nowMs: number,
    outcome: 'succeeded' | 'failed' | 'aborted',
    emit: Emit,
    counters: Counters,
  ) {
    const task = this.task;
    if (!task) return;
    this.task = null;
    counters.taskRuns++;
    emit({
      tMs: nowMs,
      robotId: this.robotId,
      kind: 'task',
      severity: outcome === 'succeeded' ? 'info' : 'warning',
      text: `Task ${outcome}: ${task.name}`,
      data: {
        phase: 'end',
        run: `${this.robotId}-${task.run}`,
        task: task.name,
        outcome,
        startedMs: task.startedMs,
      },
    });
    this.nextTaskMs = nowMs + 10_000 + this.random.int(50_000);
    if (this.state === 'running') this.setState('ready', nowMs, emit);
  }

  private runTask(nowMs: number, emit: Emit, counters: Counters): void {
    if (!this.task) {
      if (this.state === 'ready' && nowMs >= this.nextTaskMs) this.startTask(nowMs, emit);
      return;
    }
    const task = this.task;
    const target = WAYPOINTS[task.step]!;
    const reached = this.servos.every(
      (servo, i) =>
        Math.abs((servo.get('presentPosition') - CENTRE) * PULSE_RAD - target[i]!) < 0.05,
    );
    if (reached && nowMs - task.stepStartedMs > 300) {
      task.step++;
      task.stepStartedMs = nowMs;
      if (task.step >= WAYPOINTS.length) {
        this.endTask(nowMs, 'succeeded', emit, counters);
        return;
      }
      this.goTo(WAYPOINTS[task.step]!);
    } else if (nowMs - task.stepStartedMs > 8000) {
      this.endTask(nowMs, 'failed', emit, counters);
    }
  }

  private goTo(target: number[]): void {
    this.servos.forEach((servo, i) => {
      servo.set('goalPosition', Math.round(target[i]! / PULSE_RAD) + CENTRE);
    });
  }
}

class GripperSim {
  readonly model = new Gripper2F85Model(500, { widthMm: 40, grip: 'outer' });
  closed = false;
  private lastFault = 0;

  constructor(readonly robotId: string) {
    this.model.writeOutputs(0, [ACTION.rACT, 0, 0, 3, 200, 120]);
  }

  step(dtMs: number, nowMs: number, emit: Emit, counters: Counters): void {
    this.model.heard();
    this.model.step(dtMs);
    const fault = this.model.faultCode();
    if (fault !== this.lastFault) {
      if (fault >= 0x08) {
        counters.faults++;
        emit({
          tMs: nowMs,
          robotId: this.robotId,
          kind: 'fault',
          severity: 'error',
          text: `Gripper fault 0x${fault.toString(16)}: グリッパーの異常`,
          data: { fault: 'gripper', code: fault },
        });
      }
      this.lastFault = fault;
    }
  }

  command(close: boolean): void {
    if (this.closed === close) return;
    this.closed = close;
    this.model.writeOutputs(0, [ACTION.rACT | ACTION.rGTO, 0, 0, close ? 227 : 3, 200, 120]);
  }

  sample(nowMs: number): TelemetrySample {
    return {
      tMs: nowMs,
      joint: 'fingers',
      // Finger position counts (3 open … 227 closed) as a closed fraction, like the UI shows it.
      positionRad: Math.round(this.model.position) / 255,
      velocityRadS: 0,
      currentA: Math.round(this.model.currentA * 100) / 100,
      voltageV: 24,
      temperatureC: 31,
      hwError: this.model.faultCode(),
    };
  }
}

/** Per-joint column buffers, sent as typed arrays (appendTelemetryColumns). */
class ColumnCollector {
  private joints = new Map<string, { t: number[]; v: number[][] }>();

  constructor(readonly robotId: string) {}

  push(sample: TelemetrySample): void {
    let joint = this.joints.get(sample.joint);
    if (!joint) {
      joint = { t: [], v: [[], [], [], [], [], []] };
      this.joints.set(sample.joint, joint);
    }
    joint.t.push(sample.tMs);
    joint.v[0]!.push(sample.positionRad);
    joint.v[1]!.push(sample.velocityRadS);
    joint.v[2]!.push(sample.currentA);
    joint.v[3]!.push(sample.voltageV);
    joint.v[4]!.push(sample.temperatureC);
    joint.v[5]!.push(sample.hwError);
  }

  take(): { batches: TelemetryColumns[]; samples: number } {
    const batches: TelemetryColumns[] = [];
    let samples = 0;
    for (const [joint, columns] of this.joints) {
      if (columns.t.length === 0) continue;
      samples += columns.t.length;
      batches.push({
        robotId: this.robotId,
        joint,
        tMs: Float64Array.from(columns.t),
        values: columns.v.map((v) => Float64Array.from(v)),
      });
    }
    this.joints.clear();
    return { batches, samples };
  }
}

interface Counters {
  samples: number;
  events: number;
  taskRuns: number;
  faults: number;
  alerts: number;
}

export async function generateDemoHistory(options: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const minutes = options.minutes;
  const hz = options.hz ?? 50;
  const seed = options.seed ?? 1;
  const toMs = Math.floor((options.endMs ?? Date.now()) / 1000) * 1000;
  const fromMs = toMs - Math.round(minutes * 60_000);
  const dtMs = Math.round(1000 / hz);
  const random = new SeededRandom(seed);
  const db = await DbClient.open({
    path: options.dbPath,
    ...(options.dbWorkerScript ? { workerScript: options.dbWorkerScript } : {}),
  });
  const counters: Counters = { samples: 0, events: 0, taskRuns: 0, faults: 0, alerts: 0 };
  try {
    await seed_(db, fromMs);
    const arms = [
      new ArmSim(ROBOT_IDS[0], seed, fromMs),
      new ArmSim(ROBOT_IDS[1], seed + 1, fromMs),
    ];
    const gripper = new GripperSim(ROBOT_IDS[2]);
    let events: NewEvent[] = [];
    const emit: Emit = (event) => events.push(event);
    for (const arm of arms) {
      emit({
        tMs: fromMs,
        robotId: arm.robotId,
        kind: 'connection',
        severity: 'info',
        text: 'Robot connected',
        data: { connected: true },
      });
      emit({
        tMs: fromMs,
        robotId: arm.robotId,
        kind: 'state',
        severity: 'info',
        text: 'State: ready',
        data: { state: 'ready' },
      });
    }
    emit({
      tMs: fromMs,
      robotId: gripper.robotId,
      kind: 'connection',
      severity: 'info',
      text: 'Gripper connected',
      data: { connected: true },
    });
    emit({
      tMs: fromMs,
      robotId: gripper.robotId,
      kind: 'state',
      severity: 'info',
      text: 'State: ready',
      data: { state: 'ready' },
    });

    // Notes spread evenly so every seeded note is written whatever the length of the run.
    const notes = DEMO_VALUES.notes.map((text, i) => ({
      tMs: fromMs + Math.floor(((i + 0.5) * (toMs - fromMs)) / DEMO_VALUES.notes.length),
      text,
      user: DEMO_VALUES.operatorNames[i % DEMO_VALUES.operatorNames.length]!,
    }));
    // Faults every ~6–14 simulated minutes per arm; a replug every ~25 minutes.
    const nextFault = arms.map(() => fromMs + 60_000 + random.int(6 * 60_000));
    const nextUnplug = arms.map(() => fromMs + 10 * 60_000 + random.int(30 * 60_000));
    let inFlight: Promise<unknown>[] = [];
    const dt = dtMs / 1000;
    const collectors = [
      ...arms.map((arm) => new ColumnCollector(arm.robotId)),
      new ColumnCollector(gripper.robotId),
    ];
    let lastProgress = fromMs;

    for (let now = fromMs; now < toMs; now += dtMs) {
      arms.forEach((arm, i) => {
        if (now >= nextFault[i]!) {
          const name = ARM_FAULTS[random.int(ARM_FAULTS.length)]!;
          if (arm.connected) arm.injectFault(name, now, emit);
          nextFault[i] = now + 6 * 60_000 + random.int(8 * 60_000);
        }
        if (now >= nextUnplug[i]!) {
          arm.disconnect(now, emit, counters);
          nextUnplug[i] = now + 20 * 60_000 + random.int(20 * 60_000);
        }
        arm.step(dt, now, emit, counters);
        if (arm.connected) for (const sample of arm.sample(now)) collectors[i]!.push(sample);
      });
      // The gripper closes while Sakura carries something (waypoints 2–4).
      const carrying = arms[0]!.task !== null && arms[0]!.task.step >= 2 && arms[0]!.task.step <= 4;
      gripper.command(carrying);
      gripper.step(dtMs, now, emit, counters);
      collectors[2]!.push(gripper.sample(now));
      while (notes.length && notes[0]!.tMs <= now) {
        const note = notes.shift()!;
        emit({
          tMs: note.tMs,
          kind: 'operator',
          severity: 'info',
          user: note.user,
          text: note.text,
          robotId: null,
        });
      }

      if ((now - fromMs) % 1000 === 1000 - dtMs || now + dtMs >= toMs) {
        const batches: TelemetryColumns[] = [];
        for (const collector of collectors) {
          const taken = collector.take();
          counters.samples += taken.samples;
          batches.push(...taken.batches);
        }
        if (batches.length) inFlight.push(db.call('appendTelemetryColumns', batches));
        if (events.length) {
          counters.events += events.length;
          inFlight.push(db.call('appendEvents', events));
          events = [];
        }
        // Let the worker keep up (it encodes while this thread simulates).
        if (inFlight.length >= 24) {
          await Promise.all(inFlight);
          inFlight = [];
        }
        if (now - lastProgress >= 60_000) {
          lastProgress = now;
          options.onProgress?.((now - fromMs) / 60_000, minutes);
        }
      }
    }
    for (const note of notes) {
      events.push({
        tMs: note.tMs,
        kind: 'operator',
        severity: 'info',
        user: note.user,
        text: note.text,
        robotId: null,
      });
    }
    if (events.length) {
      counters.events += events.length;
      inFlight.push(db.call('appendEvents', events));
    }
    await Promise.all(inFlight);
    await db.call('flushTelemetry');
    await db.call('enforceRetention', toMs);
    return { seeded: structuredClone(DEMO_VALUES), fromMs, toMs, ...counters };
  } finally {
    await db.close();
  }
}

async function seed_(db: DbClient, nowMs: number): Promise<void> {
  const actor = 'genba demo';
  await db.call('setSetting', {
    key: 'facility.name',
    value: DEMO_VALUES.facilityName,
    actor,
    nowMs,
  });
  await db.call('setSetting', {
    key: 'facility.operators',
    value: DEMO_VALUES.operatorNames,
    actor,
    nowMs,
  });
  const profiles = ['openmanipulator-x', 'openmanipulator-x', 'robotiq-2f85'];
  for (const [i, id] of ROBOT_IDS.entries()) {
    const serial = DEMO_VALUES.usbSerialNumbers[i]!;
    await db.call('saveRobot', {
      robot: {
        id,
        name: DEMO_VALUES.robotNames[i]!,
        profile: profiles[i]!,
        identity: `usb-serial:${serial}`,
        settings: { usbSerialNumber: serial, demo: true },
        createdMs: nowMs,
        lastSeenMs: null,
      },
      actor,
      nowMs,
    });
  }
}
