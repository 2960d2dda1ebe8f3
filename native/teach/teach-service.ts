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
import { EVENT_WORDS, messageEvent } from '../domain';
import type { EventMessage, LogEvent, TelemetryBatch } from '../domain';
import type { NewEvent } from '../../db/repositories/events-repository';
import { ArmSession } from '../robots/arm-session';
import type { RobotFleet } from '../robots/robot-fleet';
import type { RobotLinkService } from '../robots/robot-link-service';
import { RobotCommandError } from '../robots/robot-session';
import { DemonstrationRecorder } from './demonstration-recorder';
import { jogTarget, type Jog } from './jog-target';
import type { JointMap } from './kinematics';
import { PlaybackRun } from './playback';
import type { TaskProgram } from './program';
import { demoArmSimulator, guideWithScriptedHand, releaseScriptedHand } from './scripted-hand';
import { armDriver, readArmJoints, runEndEvent, runOutcome } from './task-run';
import type { TeachResult } from './teach-pipeline';
import { TeachError, type Teacher, type TeachState } from './teach-state';
import { validateProgram, type ValidationIssue } from './validate';

export { TeachError, type Teacher, type TeachState } from './teach-state';

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

export class TeachService {
  private recording: DemonstrationRecorder | null = null;
  private active: {
    run: PlaybackRun;
    state: NonNullable<TeachState['run']>;
    done: Promise<void>;
  } | null = null;
  private lastRun: TeachState['lastRun'] = null;
  private releaseRoutine: (() => void) | null = null;

  constructor(private readonly deps: TeachServiceDeps) {}

  state(): TeachState {
    return {
      recording: this.recording?.summary() ?? null,
      run: this.active ? { ...this.active.state } : null,
      lastRun: this.lastRun,
    };
  }

  /** Telemetry from every robot (the app's telemetry batches); recorded while teaching. */
  ingest(batch: TelemetryBatch): void {
    if (this.recording?.ingest(batch)) this.publish();
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
    this.recording = new DemonstrationRecorder(robotId, mode, arm.profile);
    await this.record(
      robotId,
      'operator',
      'info',
      messageEvent('teach.started', {
        robot: arm.name,
        mode: mode === 'hand' ? EVENT_WORDS.teachMode.hand : EVENT_WORDS.teachMode.jog,
      }),
      actor,
      { phase: 'teach-start', mode },
    );
    this.publish();
    return this.state();
  }

  markGripper(open: number): TeachState {
    this.requireRecording().mark(open);
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
      messageEvent('teach.recorded', {
        robot: arm.name,
        name,
        samples: r.demo.t.length,
        steps: result.program.steps.length,
      }),
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
    const arm = this.arm(robotId);
    const hand = guideWithScriptedHand(demoArmSimulator(this.deps.robots, arm), arm, seed);
    r.hand = hand;
    void hand.done.then(() => {
      if (this.recording === r && r.hand === hand) {
        r.hand = null;
        this.publish();
      }
    });
    this.publish();
    return this.state();
  }

  async jog(robotId: string, jog: Jog, actor: string): Promise<JointMap> {
    const arm = this.arm(robotId);
    if (this.active) throw new TeachError('running', 'A task is running. Stop it before jogging.');
    if (arm.state === 'torque-off' && this.recording?.mode !== 'hand') {
      throw new TeachError(
        'torque-off',
        `Torque is off on ${arm.name}. Turn it on (or finish hand-guiding) to jog.`,
      );
    }
    this.holdDemoRoutine();
    const here: JointMap = readArmJoints(arm);
    const target = jogTarget(arm.profile, here, jog);
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
    const { ok, issues } = validateProgram(program, arm.profile, readArmJoints(arm));
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
    const run = new PlaybackRun(arm.profile, program, armDriver(arm), {
      speedScale: options.speedScale,
      onProgress: (p) => {
        state.stepIndex = p.stepIndex;
        state.state = p.state;
        state.speedScale = p.speedScale;
        this.publish();
      },
    });
    await this.record(
      robotId,
      'task',
      'info',
      messageEvent('task.started', {
        robot: arm.name,
        task: program.name,
        percent: Math.round(options.speedScale * 100),
      }),
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
      const { outcome, reason } = runOutcome(result);
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
      const end = runEndEvent(arm.name, program, result, {
        runId,
        taskId: options.taskId,
        startedMs,
      });
      await this.record(robotId, 'task', end.severity, end, options.actor, end.data);
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
      const arm = this.arm(robotId);
      const sim = demoArmSimulator(this.deps.robots, arm);
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
      releaseScriptedHand(this.deps.robots, this.arm(robotId));
    } catch {
      // The arm is gone: nothing holds it.
    }
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

  private requireRecording(): DemonstrationRecorder {
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
    line: { text: string; message: EventMessage },
    user: string,
    data: unknown,
  ): Promise<void> {
    try {
      const event = { tMs: Date.now(), robotId, kind, severity, user, ...line, data };
      this.deps.onEvent?.(await this.deps.appendEvent(event));
    } catch (error) {
      this.deps.log?.(`could not log "${line.text}": ${(error as Error).message}`);
    }
  }

  private publish(): void {
    this.deps.onState?.(this.state());
  }
}

export { RobotCommandError };
