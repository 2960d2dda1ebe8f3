/**
 * The playback engine: runs a validated program on a robot through a PlaybackDriver (an arm
 * session for the simulator or a real robot; servo models stepped directly for fast evaluation).
 * Moves are streamed as set-points every 20 ms from the motion plan, so pause holds the arm where
 * it is, resume carries on, and the speed can be changed between steps. Each waypoint is settled:
 * when the measured pose stays off the goal (gravity, stiction), the goal is nudged by the
 * remaining error, up to three times, until every joint is within 0.5°.
 * Stop, an emergency stop (commands refused), a guard trip (critical diagnostics alert, fault)
 * or a failed command end the run with an outcome; nothing is retried behind a person's back.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import { gripperRad } from './demonstration';
import { armJoints, type JointMap } from './kinematics';
import { planMove } from './motion-plan';
import type { TaskProgram } from './program';

export interface PlaybackDriver {
  readJoints(): JointMap;
  command(targets: JointMap): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export type RunOutcome = 'succeeded' | 'failed' | 'aborted';

export interface RunResult {
  outcome: RunOutcome;
  reason: string | null;
  /** Index of the step the run ended on (steps.length when all were done). */
  stepIndex: number;
  /** Per move step: worst joint error after settling, rad. */
  waypointErrorsRad: number[];
}

export interface RunProgress {
  stepIndex: number;
  stepCount: number;
  state: 'running' | 'paused';
  speedScale: number;
}

const TICK_MS = 20;
const SETTLE_TOLERANCE_RAD = (0.5 * Math.PI) / 180;

export class PlaybackRun {
  private paused = false;
  private stopped: { outcome: RunOutcome; reason: string } | null = null;
  private speedScale: number;
  private stepIndex = 0;

  constructor(
    private readonly profile: ArmRobotProfile,
    private readonly program: TaskProgram,
    private readonly driver: PlaybackDriver,
    private readonly options: { speedScale?: number; onProgress?: (p: RunProgress) => void } = {},
  ) {
    this.speedScale = options.speedScale ?? 0.25;
  }

  get progress(): RunProgress {
    return {
      stepIndex: this.stepIndex,
      stepCount: this.program.steps.length,
      state: this.paused ? 'paused' : 'running',
      speedScale: this.speedScale,
    };
  }

  pause(): void {
    this.paused = true;
    this.emit();
  }

  resume(): void {
    this.paused = false;
    this.emit();
  }

  setSpeed(scale: number): void {
    this.speedScale = Math.min(1, Math.max(0.05, scale));
    this.emit();
  }

  /** Ends the run at the next tick (the arm holds where it is). */
  stop(reason: string, outcome: RunOutcome = 'aborted'): void {
    this.stopped ??= { outcome, reason };
    this.paused = false;
  }

  async run(): Promise<RunResult> {
    const errors: number[] = [];
    const { arm, gripper } = armJoints(this.profile);
    try {
      for (this.stepIndex = 0; this.stepIndex < this.program.steps.length; this.stepIndex++) {
        this.emit();
        const step = this.program.steps[this.stepIndex];
        if (!step) continue;
        if (!(await this.holdWhilePaused())) break;
        if (step.kind === 'move') {
          const from = this.driver.readJoints();
          const plan = planMove(this.profile, from, step, this.speedScale);
          let t = 0;
          while (t < plan.durationS) {
            if (!(await this.holdWhilePaused())) break;
            t = Math.min(plan.durationS, t + TICK_MS / 1000);
            await this.driver.command(plan.at(t));
            await this.driver.sleep(TICK_MS);
          }
          if (this.stopped) break;
          errors.push(
            await this.settle(
              step.joints,
              arm.map((j) => j.name),
            ),
          );
        } else if (step.kind === 'gripper') {
          if (!gripper) continue;
          const goal = gripperRad(this.profile, step.open);
          const from = this.driver.readJoints()[gripper.name] ?? goal;
          const ms = (Math.abs(goal - from) / (gripper.maxVelocityRadS * 0.5)) * 1000 + 300;
          await this.driver.command({ [gripper.name]: goal });
          for (let waited = 0; waited < ms; waited += 50) {
            if (!(await this.holdWhilePaused())) break;
            await this.driver.sleep(50);
          }
        } else {
          for (let waited = 0; waited < step.ms; waited += 50) {
            if (!(await this.holdWhilePaused())) break;
            await this.driver.sleep(Math.min(50, step.ms - waited));
          }
        }
        if (this.stopped) break;
      }
    } catch (error) {
      this.stopped ??= { outcome: 'failed', reason: (error as Error).message };
    }
    if (this.stopped) {
      return {
        outcome: this.stopped.outcome,
        reason: this.stopped.reason,
        stepIndex: this.stepIndex,
        waypointErrorsRad: errors,
      };
    }
    return {
      outcome: 'succeeded',
      reason: null,
      stepIndex: this.program.steps.length,
      waypointErrorsRad: errors,
    };
  }

  /** Waits while paused; false once the run was stopped. */
  private async holdWhilePaused(): Promise<boolean> {
    while (this.paused && !this.stopped) await this.driver.sleep(50);
    return !this.stopped;
  }

  private async settle(goal: JointMap, names: string[]): Promise<number> {
    let command = { ...goal };
    await this.driver.command(command);
    let worst = Infinity;
    for (let attempt = 0; attempt < 4; attempt++) {
      for (let waited = 0; waited < 1500; waited += 50) {
        if (!(await this.holdWhilePaused())) return worst;
        await this.driver.sleep(50);
        const q = this.driver.readJoints();
        worst = Math.max(...names.map((n) => Math.abs((q[n] ?? 0) - (goal[n] ?? 0))));
        if (worst <= SETTLE_TOLERANCE_RAD && waited >= 150) return worst;
      }
      // Still off: nudge the goal by the remaining error (an integral step), within the limits.
      const q = this.driver.readJoints();
      command = Object.fromEntries(
        names.map((n) => {
          const joint = this.profile.joints.find((j) => j.name === n);
          const v = (command[n] ?? 0) + ((goal[n] ?? 0) - (q[n] ?? 0));
          return [n, joint ? Math.min(joint.maxRad, Math.max(joint.minRad, v)) : v];
        }),
      );
      await this.driver.command(command);
    }
    return worst;
  }

  private emit(): void {
    this.options.onProgress?.(this.progress);
  }
}
