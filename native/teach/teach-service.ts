/**
 * Teaching and task playback on live robots, over the same sessions the rest of Genba uses.
 *
 * - Hand-guiding: torque off on the arm, every poll cycle's joint positions recorded (the session
 *   polls at 50 Hz), gripper events from the gripper's own motion or from marks a person presses.
 *   Jogging records the same way with torque on (per joint or in Cartesian space through IK).
 * - The scripted hand (demo facility only): a simulated person moves the simulator's joints with
 *   `setExternalHand`, with tremor and hesitations, so teaching can be shown and tested end to end.
 * - Playback: validated first (a refused program never moves), torque on, starts at a reduced
 *   speed, pause / resume / stop / speed, a guard that stops the run on a critical alert or a fault
 *   of that robot, and an emergency stop always ends it. Every run is logged as 'task' events
 *   (phase start / end with outcome and startedMs, what the shift report reads).
 * The demo facility's own pick-and-place routine is held while a robot is taught or runs a task.
 */
import { randomUUID } from 'node:crypto';
import type { LogEvent, TelemetryBatch } from '../domain';
import type { NewEvent } from '../../db/repositories/events-repository';
import { ArmSession } from '../robots/arm-session';
import type { RobotFleet } from '../robots/robot-fleet';
import type { RobotLinkService } from '../robots/robot-link-service';
import type { ArmRobotProfile } from '../robots/robot-profile';
import { RobotCommandError } from '../robots/robot-session';
import type { DynamixelBusSimulator } from '../servos/dynamixel2/sim/bus-simulator';
import {
  armJointNames,
  gripperOpenFraction,
  gripperRad,
  type Demonstration,
} from './demonstration';
import {
  armJoints,
  forwardKinematics,
  inverseKinematics,
  KinematicsError,
  limitViolations,
  type JointMap,
} from './kinematics';
import { PlaybackRun, type RunOutcome } from './playback';
import type { TaskProgram } from './program';
import { performScript, randomTask } from './scripted-demos';
import type { TeachResult } from './teach-pipeline';
import { validateProgram, type ValidationIssue } from './validate';

export interface TeachState {
  recording: {
    robotId: string;
    mode: 'hand' | 'jog';
    startedMs: number;
    samples: number;
    rateHz: number;
    marks: number;
    handActive: boolean;
  } | null;
  run: {
    runId: string;
    robotId: string;
    task: string;
    taskId: string | null;
    stepIndex: number;
    stepCount: number;
    state: 'running' | 'paused';
    speedScale: number;
    startedMs: number;
  } | null;
  lastRun: {
    runId: string;
    task: string;
    outcome: RunOutcome;
    reason: string | null;
    endedMs: number;
    stepIndex: number;
  } | null;
}

export class TeachError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TeachError';
  }
}

export interface Teacher {
  teach(demo: Demonstration, name: string): Promise<TeachResult>;
  /** Ends any teaching still under way (its process exits). */
  close(): Promise<void>;
}

export interface TeachServiceDeps {
  fleet: RobotFleet;
  robots: RobotLinkService;
  appendEvent(event: NewEvent): Promise<LogEvent>;
  onEvent?(event: LogEvent): void;
  onState?(state: TeachState): void;
  /** Demonstration → program: the teaching worker process (teach-runner.ts), closed with the service. */
  teacher: Teacher;
  log?: (line: string) => void;
}

interface Recording {
  robotId: string;
  mode: 'hand' | 'jog';
  startedMs: number;
  profile: ArmRobotProfile;
  pending: Map<number, JointMap>;
  demo: Demonstration;
  hand: { stop: () => void; done: Promise<void> } | null;
}

export class TeachService {
  private recording: Recording | null = null;
  private active: {
    run: PlaybackRun;
    state: NonNullable<TeachState['run']>;
    done: Promise<void>;
  } | null = null;
  private lastRun: TeachState['lastRun'] = null;
  private releaseRoutine: (() => void) | null = null;

  constructor(private readonly deps: TeachServiceDeps) {}

  state(): TeachState {
    const r = this.recording;
    const seconds =
      r && r.demo.t.length > 1 ? ((r.demo.t.at(-1) ?? 0) - (r.demo.t[0] ?? 0)) / 1000 : 0;
    return {
      recording: r
        ? {
            robotId: r.robotId,
            mode: r.mode,
            startedMs: r.startedMs,
            samples: r.demo.t.length,
            rateHz: seconds > 0 ? Math.round((r.demo.t.length - 1) / seconds) : 0,
            marks: r.demo.marks?.length ?? 0,
            handActive: r.hand !== null,
          }
        : null,
      run: this.active ? { ...this.active.state } : null,
      lastRun: this.lastRun,
    };
  }

  /** Telemetry from every robot (the app's telemetry batches); recorded while teaching. */
  ingest(batch: TelemetryBatch): void {
    const r = this.recording;
    if (!r || batch.robotId !== r.robotId) return;
    const gripper = r.profile.joints.find((j) => j.gripper)?.name;
    const needed = [...r.demo.joints, ...(gripper ? [gripper] : [])];
    for (const s of batch.samples) {
      let row = r.pending.get(s.tMs);
      if (!row) r.pending.set(s.tMs, (row = {}));
      row[s.joint] = s.positionRad;
    }
    for (const [t, row] of [...r.pending.entries()].sort((a, b) => a[0] - b[0])) {
      if (!needed.every((n) => row[n] !== undefined)) continue;
      r.pending.delete(t);
      if ((r.demo.t.at(-1) ?? -Infinity) >= t) continue;
      r.demo.t.push(t);
      r.demo.q.push(r.demo.joints.map((n) => row[n] ?? 0));
      r.demo.gripper.push(gripper ? gripperOpenFraction(r.profile, row[gripper] ?? 0) : 1);
    }
    if (r.pending.size > 200) r.pending.clear();
    this.publish();
  }

  async startRecording(robotId: string, mode: 'hand' | 'jog', actor: string): Promise<TeachState> {
    if (this.recording)
      throw new TeachError(
        'already-recording',
        'A demonstration is already being recorded. Finish or cancel it first.',
      );
    if (this.active) throw new TeachError('running', 'A task is running. Stop it before teaching.');
    const arm = this.arm(robotId);
    this.holdDemoRoutine();
    if (mode === 'hand') {
      await arm.setTorque(false, undefined, actor);
    } else if (arm.state === 'torque-off') {
      await arm.setTorque(true, undefined, actor);
    }
    this.recording = {
      robotId,
      mode,
      startedMs: Date.now(),
      profile: arm.profile,
      pending: new Map(),
      demo: {
        robotProfile: arm.profile.id,
        joints: armJointNames(arm.profile),
        t: [],
        q: [],
        gripper: [],
        marks: [],
      },
      hand: null,
    };
    await this.record(
      robotId,
      'operator',
      'info',
      `${arm.name}: teaching started (${mode === 'hand' ? 'hand-guiding, torque off' : 'jogging'}).`,
      actor,
      { phase: 'teach-start', mode },
    );
    this.publish();
    return this.state();
  }

  markGripper(open: number): TeachState {
    const r = this.requireRecording();
    r.demo.marks?.push({ tMs: Date.now(), open: Math.min(1, Math.max(0, open)) });
    this.publish();
    return this.state();
  }

  async finishRecording(name: string, actor: string): Promise<TeachResult> {
    const r = this.requireRecording();
    r.hand?.stop();
    await r.hand?.done;
    const arm = this.arm(r.robotId);
    // Torque back on first: the arm holds where the hand left it, then the hand lets go.
    if (r.mode === 'hand') {
      try {
        await arm.setTorque(true, undefined, actor);
      } finally {
        this.releaseHand(r.robotId);
      }
    }
    this.recording = null;
    this.publish();
    if (r.demo.t.length < 50) {
      throw new TeachError(
        'too-short',
        `Only ${r.demo.t.length} samples were recorded (${(r.demo.t.length / 50) | 0} s). Guide the arm through the whole task, holding still for a moment at each important pose, then finish.`,
      );
    }
    const result = await this.deps.teacher.teach(r.demo, name);
    await this.record(
      r.robotId,
      'operator',
      'info',
      `${arm.name}: demonstration "${name}" recorded (${r.demo.t.length} samples) → ${result.program.steps.length} steps.`,
      actor,
      { phase: 'teach-end', samples: r.demo.t.length, steps: result.program.steps.length },
    );
    return result;
  }

  async cancelRecording(actor: string): Promise<TeachState> {
    const r = this.recording;
    if (!r) return this.state();
    r.hand?.stop();
    await r.hand?.done;
    this.recording = null;
    if (r.mode === 'hand') {
      try {
        await this.arm(r.robotId).setTorque(true, undefined, actor);
      } catch {
        // The arm may be gone; nothing else to undo.
      }
      this.releaseHand(r.robotId);
    }
    this.publish();
    return this.state();
  }

  /** Demo facility only: a simulated person guides the arm through a pick-and-place. */
  startScriptedHand(robotId: string, seed = 7): TeachState {
    const r = this.requireRecording();
    if (r.robotId !== robotId || r.mode !== 'hand')
      throw new TeachError('not-hand-guiding', 'Start hand-guiding on this robot first.');
    if (r.hand) throw new TeachError('hand-busy', 'The scripted hand is already guiding the arm.');
    const sim = this.demoArmSimulator(robotId);
    const arm = this.arm(robotId);
    const profile = arm.profile;
    const names = armJointNames(profile);
    const here = Object.fromEntries(arm.detail().joints.map((j) => [j.name, j.positionRad]));
    const script = randomTask(profile, 'approach', seed);
    const start = names.map((n) => here[n] ?? 0);
    const first = script.steps[0];
    const last = script.steps.at(-1);
    if (first?.kind === 'move') first.joints = start;
    if (last?.kind === 'move') last.joints = start;
    const performed = performScript(profile, script, seed, { rateHz: 100, hesitation: 0.5 });
    const gripperJoint = profile.joints.find((j) => j.gripper);
    let stopped = false;
    const t0 = performed.demo.t[0] ?? 0;
    const began = performance.now();
    const done = (async () => {
      for (let i = 0; i < performed.demo.t.length && !stopped; i++) {
        const due = (performed.demo.t[i] ?? 0) - t0;
        const wait = due - (performance.now() - began);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const q = performed.demo.q[i] ?? [];
        names.forEach((n, j) => {
          const joint = profile.joints.find((x) => x.name === n);
          if (joint) sim.setExternalHand(joint.servoId, q[j] ?? 0);
        });
        if (gripperJoint)
          sim.setExternalHand(
            gripperJoint.servoId,
            gripperRad(profile, performed.demo.gripper[i] ?? 1),
          );
      }
      if (this.recording === r) {
        r.hand = null;
        this.publish();
      }
    })();
    r.hand = { stop: () => (stopped = true), done };
    this.publish();
    return this.state();
  }

  async jog(
    robotId: string,
    jog:
      { joint: string; deltaRad: number } | { dx: number; dy: number; dz: number; dPitch: number },
    actor: string,
  ): Promise<JointMap> {
    const arm = this.arm(robotId);
    if (this.active) throw new TeachError('running', 'A task is running. Stop it before jogging.');
    if (arm.state === 'torque-off' && this.recording?.mode !== 'hand') {
      throw new TeachError(
        'torque-off',
        `Torque is off on ${arm.name}. Turn it on (or finish hand-guiding) to jog.`,
      );
    }
    this.holdDemoRoutine();
    const here: JointMap = Object.fromEntries(
      arm.detail().joints.map((j) => [j.name, j.positionRad]),
    );
    let target: JointMap;
    if ('joint' in jog) {
      target = { [jog.joint]: (here[jog.joint] ?? 0) + jog.deltaRad };
      const v = limitViolations(arm.profile, target)[0];
      if (v) {
        throw new TeachError(
          'outside-limits',
          `${v.joint.label.en} (${v.joint.name}) is at its limit (${deg(v.joint.minRad)} … ${deg(v.joint.maxRad)}); it cannot go further that way.`,
        );
      }
    } else {
      const pose = forwardKinematics(arm.profile, here);
      try {
        target = inverseKinematics(
          arm.profile,
          {
            x: pose.x + jog.dx,
            y: pose.y + jog.dy,
            z: pose.z + jog.dz,
            pitch: pose.pitch + jog.dPitch,
          },
          here,
        );
      } catch (error) {
        if (error instanceof KinematicsError) throw new TeachError(error.code, error.message);
        throw error;
      }
      const jump = Math.max(
        ...Object.entries(target).map(([n, v]) => Math.abs(v - (here[n] ?? v))),
      );
      if (jump > 0.6)
        throw new TeachError(
          'unreachable',
          'That step would swing the arm into another posture. Jog the joints instead.',
        );
      const low = forwardKinematics(arm.profile, target).z;
      if (low < 0.005)
        throw new TeachError('below-table', 'That would move the tool into the table.');
    }
    await arm.moveJoints(target);
    void actor;
    return { ...here, ...target };
  }

  /** Validates and starts a run; throws TeachError('program-invalid') with the issues (nothing moves). */
  async startRun(
    robotId: string,
    program: TaskProgram,
    options: { speedScale: number; taskId: string | null; actor: string },
  ): Promise<TeachState> {
    if (this.active) throw new TeachError('running', 'A task is already running. Stop it first.');
    if (this.recording)
      throw new TeachError(
        'recording',
        'A demonstration is being recorded. Finish or cancel it first.',
      );
    const arm = this.arm(robotId);
    const here: JointMap = Object.fromEntries(
      arm.detail().joints.map((j) => [j.name, j.positionRad]),
    );
    const { ok, issues } = validateProgram(program, arm.profile, here);
    if (!ok) {
      const first = issues.find((i) => i.severity === 'error') as ValidationIssue;
      throw new TeachError(
        'program-invalid',
        `Not started — the task has ${issues.filter((i) => i.severity === 'error').length} problem(s). ${first.message.en}`,
        { issues },
      );
    }
    if (arm.state === 'fault')
      throw new TeachError(
        'fault',
        `${arm.name} has a fault. Check it on its page before running a task.`,
      );
    if (arm.state === 'disconnected' || arm.state === 'connecting')
      throw new TeachError('disconnected', `${arm.name} is not connected.`);
    this.holdDemoRoutine();
    if (arm.state === 'torque-off') await arm.setTorque(true, undefined, options.actor);
    const runId = randomUUID();
    const startedMs = Date.now();
    const state: NonNullable<TeachState['run']> = {
      runId,
      robotId,
      task: program.name,
      taskId: options.taskId,
      stepIndex: 0,
      stepCount: program.steps.length,
      state: 'running',
      speedScale: options.speedScale,
      startedMs,
    };
    const { gripper } = armJoints(arm.profile);
    const run = new PlaybackRun(
      arm.profile,
      program,
      {
        readJoints: () =>
          Object.fromEntries(arm.detail().joints.map((j) => [j.name, j.positionRad])),
        command: async (targets) => {
          if (arm.state === 'fault') throw new TeachError('fault', `${arm.name} reported a fault.`);
          const clamped = Object.fromEntries(
            Object.entries(targets).map(([n, v]) => {
              const j = arm.profile.joints.find((x) => x.name === n);
              return [n, j ? Math.min(j.maxRad, Math.max(j.minRad, v)) : v];
            }),
          );
          await arm.moveJoints(clamped);
        },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
      {
        speedScale: options.speedScale,
        onProgress: (p) => {
          state.stepIndex = p.stepIndex;
          state.state = p.state;
          state.speedScale = p.speedScale;
          this.publish();
        },
      },
    );
    void gripper;
    await this.record(
      robotId,
      'task',
      'info',
      `${arm.name}: task "${program.name}" started at ${Math.round(options.speedScale * 100)} % speed.`,
      options.actor,
      {
        phase: 'start',
        run: runId,
        task: program.name,
        taskId: options.taskId,
        startedMs,
        speedScale: options.speedScale,
      },
    );
    const done = run.run().then(async (result) => {
      let { outcome, reason } = result;
      if (reason && /Torque is off/i.test(reason)) {
        outcome = 'aborted';
        reason = 'emergency stop (torque off)';
      }
      this.active = null;
      this.lastRun = {
        runId,
        task: program.name,
        outcome,
        reason,
        endedMs: Date.now(),
        stepIndex: result.stepIndex,
      };
      this.publish();
      const text =
        outcome === 'succeeded'
          ? `${arm.name}: task "${program.name}" finished (${program.steps.length} steps).`
          : `${arm.name}: task "${program.name}" ${outcome === 'aborted' ? 'stopped' : 'failed'} at step ${result.stepIndex + 1}: ${reason ?? ''}`;
      await this.record(
        robotId,
        'task',
        outcome === 'succeeded' ? 'info' : outcome === 'aborted' ? 'warning' : 'error',
        text,
        options.actor,
        {
          phase: 'end',
          run: runId,
          task: program.name,
          taskId: options.taskId,
          outcome,
          reason,
          startedMs,
          stepIndex: result.stepIndex,
          maxWaypointErrorDeg: result.waypointErrorsRad.length
            ? Math.round((Math.max(...result.waypointErrorsRad) * 18000) / Math.PI) / 100
            : null,
        },
      );
    });
    this.active = { run, state, done };
    this.publish();
    return this.state();
  }

  control(
    runId: string,
    action: 'pause' | 'resume' | 'stop' | 'speed',
    speedScale?: number,
  ): TeachState {
    const a = this.active;
    if (!a || a.state.runId !== runId)
      throw new TeachError('no-run', 'That task run has already ended.');
    if (action === 'pause') a.run.pause();
    else if (action === 'resume') a.run.resume();
    else if (action === 'stop') a.run.stop('stopped by a person');
    else if (speedScale !== undefined) a.run.setSpeed(speedScale);
    return this.state();
  }

  /** The guard: a critical alert or a fault on the running robot stops the run. */
  guard(robotId: string | null, reason: string): void {
    const a = this.active;
    if (!a || (robotId !== null && robotId !== a.state.robotId)) return;
    a.run.stop(`diagnostics guard: ${reason}`, 'aborted');
  }

  /** Waits for the current run to end (tests). */
  async settled(): Promise<void> {
    await this.active?.done;
  }

  /** Demo only: what the simulator's own registers say (torque per joint), for the UI and tests. */
  simulatorTorque(robotId: string): boolean[] | null {
    try {
      const sim = this.demoArmSimulator(robotId);
      const arm = this.arm(robotId);
      return arm.profile.joints.map((j) => (sim.servo(j.servoId)?.get('torqueEnable') ?? 0) === 1);
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.active?.run.stop('Genba is shutting down');
    await this.active?.done.catch(() => {});
    this.recording?.hand?.stop();
    await this.deps.teacher.close();
  }

  // ------------------------------------------------------------------------------------------

  private holdDemoRoutine(): void {
    if (!this.releaseRoutine && this.deps.robots.demo)
      this.releaseRoutine = this.deps.robots.demo.holdRoutine();
  }

  private releaseHand(robotId: string): void {
    try {
      const sim = this.demoArmSimulator(robotId);
      for (const j of this.arm(robotId).profile.joints) sim.setExternalHand(j.servoId, null);
    } catch {
      // Not a demo robot: a real person lets go by themselves.
    }
  }

  private demoArmSimulator(robotId: string): DynamixelBusSimulator {
    const demo = this.deps.robots.demo;
    const arm = this.arm(robotId);
    const sim =
      demo && arm.identity === 'demo:arm-a'
        ? (demo.simulator('arm') as { arm?: DynamixelBusSimulator } | undefined)
        : undefined;
    if (!sim?.arm)
      throw new TeachError(
        'not-simulated',
        'The scripted hand works only on the demo facility’s simulated arm.',
      );
    return sim.arm;
  }

  private arm(robotId: string): ArmSession {
    const member = this.deps.fleet.get(robotId);
    if (!member)
      throw new TeachError('unknown-robot', `There is no connected robot with id "${robotId}".`);
    if (!(member instanceof ArmSession))
      throw new TeachError(
        'not-an-arm',
        `${member.summary().name} is not an arm; tasks are taught on arms.`,
      );
    return member;
  }

  private requireRecording(): Recording {
    if (!this.recording)
      throw new TeachError(
        'not-recording',
        'No demonstration is being recorded. Start teaching first.',
      );
    return this.recording;
  }

  private async record(
    robotId: string,
    kind: NewEvent['kind'],
    severity: NewEvent['severity'],
    text: string,
    user: string,
    data: unknown,
  ): Promise<void> {
    try {
      const event = await this.deps.appendEvent({
        tMs: Date.now(),
        robotId,
        kind,
        severity,
        user,
        text,
        data,
      });
      this.deps.onEvent?.(event);
    } catch (error) {
      this.deps.log?.(`could not log "${text}": ${(error as Error).message}`);
    }
  }

  private publish(): void {
    this.deps.onState?.(this.state());
  }
}

const deg = (rad: number) => `${((rad * 180) / Math.PI).toFixed(0)}°`;

export { RobotCommandError };
