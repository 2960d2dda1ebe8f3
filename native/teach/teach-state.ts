/** What the teaching service reports and refuses with; shared by its parts and its callers. */
import type { Demonstration } from './demonstration';
import type { RunOutcome } from './playback';
import type { TeachResult } from './teach-pipeline';

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
