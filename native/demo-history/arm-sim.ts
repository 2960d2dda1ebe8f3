/**
 * One simulated OpenManipulator-X arm of a demo history: the XM430-W350 ServoModel physics
 * stepped directly (no bus, no serial, no timers), pick-and-place task runs, injected faults that
 * raise alerts and faults, an overload that trips the servo's hardware error until an operator
 * reboots it, and USB replugs.
 */
import {
  EVENT_WORDS,
  messageEvent,
  type FaultClass,
  type RobotState,
  type TelemetrySample,
} from '../domain';
import { FAULT_ADVICE } from '../model/taxonomy';
import { createOpenManipulatorXServos } from '../robots/sim/open-manipulator-x';
import type { ServoModel } from '../servos/dynamixel2/sim/servo-model';
import { FaultInjector } from '../servos/physics/faults';
import { SeededRandom } from '../servos/physics/random';
import { DEMO_VALUES } from './demo-values';
import { emitFault, type Counters, type Emit } from './history-events';

const PULSE_RAD = (2 * Math.PI) / 4096;
const RPM_RAD_S = (0.229 * 2 * Math.PI) / 60;
const CURRENT_A = 0.00269;
const CENTRE = 2048;

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

interface Task {
  run: number;
  name: string;
  startedMs: number;
  step: number;
  stepStartedMs: number;
}

export class ArmSim {
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
        this.linkChanged(nowMs, emit);
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
    this.linkChanged(nowMs, emit);
  }

  /** The USB link came back or went: its connection event, then the robot's state. */
  private linkChanged(nowMs: number, emit: Emit): void {
    const connected = this.connected;
    emit({
      tMs: nowMs,
      robotId: this.robotId,
      kind: 'connection',
      severity: connected ? 'info' : 'warning',
      ...messageEvent(connected ? 'robot.replugged' : 'robot.usbLost', {}),
      data: { connected },
    });
    this.setState(connected ? 'ready' : 'disconnected', nowMs, emit);
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
      ...messageEvent('robot.state', { state: EVENT_WORDS.state[state] }),
      data: { state },
    });
  }

  private alert(
    cause: string,
    severity: 'warning' | 'error',
    line: ReturnType<typeof messageEvent>,
    nowMs: number,
    emit: Emit,
    counters: Counters,
  ) {
    const last = this.lastAlert.get(cause) ?? -Infinity;
    if (nowMs - last < 120_000) return;
    this.lastAlert.set(cause, nowMs);
    counters.alerts++;
    emit({ tMs: nowMs, robotId: this.robotId, kind: 'alert', severity, ...line, data: { cause } });
  }

  private watch(nowMs: number, emit: Emit, counters: Counters): void {
    for (const servo of this.servos) {
      const temp = servo.get('presentTemperature');
      if (temp >= 60) {
        this.alert(
          'overheating',
          'warning',
          messageEvent('alert.hot', { joint: servo.name, temp }),
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
          messageEvent('alert.currentSpike', { joint: servo.name, amps: current.toFixed(2) }),
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
        emitFault(emit, counters, {
          robotId: this.robotId,
          tMs: nowMs,
          ...messageEvent('servo.hardwareError', {
            joint: servo.name,
            bits,
            fault: FAULT_ADVICE[fault].label,
          }),
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
        messageEvent('alert.voltageSag', { volts: this.busV.toFixed(1) }),
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
        ...messageEvent('servo.rebootedAfterFault', {}),
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
      ...messageEvent('task.begun', { task: name }),
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
      ...messageEvent('task.ended', { outcome: EVENT_WORDS.taskOutcome[outcome], task: task.name }),
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
