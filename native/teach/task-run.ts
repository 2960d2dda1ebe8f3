/**
 * A task run on a live arm: the playback engine's driver over the arm session (targets clamped
 * to the joints' limits, a fault ends the run), and what the event log says when a run ends —
 * the 'task' end event the shift report reads.
 */
import { EVENT_WORDS, messageEvent, type EventMessage } from '../domain';
import type { NewEvent } from '../../db/repositories/events-repository';
import type { ArmSession } from '../robots/arm-session';
import type { PlaybackDriver, RunOutcome, RunResult } from './playback';
import type { TaskProgram } from './program';
import { TeachError } from './teach-state';

export const readArmJoints = (arm: ArmSession): Record<string, number> =>
  Object.fromEntries(arm.detail().joints.map((j) => [j.name, j.positionRad]));

export function armDriver(arm: ArmSession): PlaybackDriver {
  return {
    readJoints: () => readArmJoints(arm),
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
  };
}

/** How a run ended, as people read it: an emergency stop (torque off) is an abort. */
export function runOutcome(result: RunResult): { outcome: RunOutcome; reason: string | null } {
  if (result.reason && /Torque is off/i.test(result.reason))
    return { outcome: 'aborted', reason: EVENT_WORDS.emergencyStopReason.en };
  return { outcome: result.outcome, reason: result.reason };
}

/** The 'task' event written when a run ends. */
export function runEndEvent(
  armName: string,
  program: TaskProgram,
  result: RunResult,
  run: { runId: string; taskId: string | null; startedMs: number },
): Pick<NewEvent, 'severity' | 'text' | 'data'> & { message: EventMessage } {
  const { outcome, reason } = runOutcome(result);
  const words =
    reason === EVENT_WORDS.emergencyStopReason.en ? EVENT_WORDS.emergencyStopReason : reason;
  const where = { robot: armName, task: program.name, step: result.stepIndex + 1 };
  return {
    severity: outcome === 'succeeded' ? 'info' : outcome === 'aborted' ? 'warning' : 'error',
    ...(outcome === 'succeeded'
      ? messageEvent('task.finished', {
          robot: armName,
          task: program.name,
          steps: program.steps.length,
        })
      : messageEvent(outcome === 'aborted' ? 'task.stopped' : 'task.failed', {
          ...where,
          reason: words ?? '',
        })),
    data: {
      phase: 'end',
      run: run.runId,
      task: program.name,
      taskId: run.taskId,
      outcome,
      reason,
      startedMs: run.startedMs,
      stepIndex: result.stepIndex,
      maxWaypointErrorDeg: result.waypointErrorsRad.length
        ? Math.round((Math.max(...result.waypointErrorsRad) * 18000) / Math.PI) / 100
        : null,
    },
  };
}
