/**
 * API handlers for teaching and the task library (`teach.*` and `tasks.*`, contract/teach.ts):
 * thin adapters over the TeachService the composition root started (native/teach) and the task
 * tables (db/teach). Its telemetry and its playback guard are wired there, not here.
 */
import type { DbClient } from '../../db/db-client';
import { getRobotProfile, type ArmRobotProfile } from '../../native/robots/robot-profile';
import { loadProgram, ProgramError, type TaskProgram } from '../../native/teach/program';
import { RobotCommandError, TeachError, type TeachService } from '../../native/teach/teach-service';
import { validateProgram } from '../../native/teach/validate';
import type { RequestChannel, TaskSummary } from '../shared/contract';
import { UserFacingError as ApiError } from './api-errors';
import type { ApiHandlers } from './api-dispatcher';

type TeachChannel = Extract<RequestChannel, `teach.${string}` | `tasks.${string}`>;

function armProfile(id: string): ArmRobotProfile {
  let profile;
  try {
    profile = getRobotProfile(id);
  } catch (error) {
    throw new ApiError('unknown-profile', (error as Error).message);
  }
  if (profile.kind !== 'arm')
    throw new ApiError('not-an-arm', `${profile.name.en} is not an arm; tasks are taught on arms.`);
  return profile;
}

function parseProgram(input: unknown): TaskProgram {
  try {
    return loadProgram(input);
  } catch (error) {
    if (error instanceof ProgramError) throw new ApiError(`program-${error.code}`, error.message);
    throw error;
  }
}

async function guarded<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TeachError) throw new ApiError(error.code, error.message, error.details);
    if (error instanceof RobotCommandError) throw new ApiError(error.code, error.message);
    throw error;
  }
}

const slug = (name: string) =>
  name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'task';

export function createTeachHandlers(deps: {
  db: DbClient;
  teach: TeachService;
}): Pick<ApiHandlers, TeachChannel> {
  const { db, teach: service } = deps;
  const summary = (s: TaskSummary) => s;
  const run = async (
    robotId: string,
    program: TaskProgram,
    taskId: string | null,
    speedScale: number | undefined,
    actor: string,
  ) =>
    guarded(() =>
      service.startRun(robotId, program, { speedScale: speedScale ?? 0.25, taskId, actor }),
    );

  return {
    'teach.state': () => service.state(),
    'teach.profile': ({ profileId }) => {
      const p = armProfile(profileId);
      return {
        id: p.id,
        name: p.name,
        joints: p.joints,
        kinematics: { baseHeightM: p.kinematics.baseHeightM, links: p.kinematics.links },
      };
    },
    'teach.start': ({ robotId, mode }, context) =>
      guarded(() => service.startRecording(robotId, mode, context.actor)),
    'teach.mark': ({ open }) => guarded(() => service.markGripper(open)),
    'teach.scriptedHand': ({ robotId }) => guarded(() => service.startScriptedHand(robotId)),
    'teach.finish': ({ name }, context) =>
      guarded(async () => {
        const result = await service.finishRecording(name, context.actor);
        const profile = armProfile(result.program.robotProfile);
        const { issues } = validateProgram(result.program, profile);
        return {
          program: result.program,
          segments: result.segments,
          hesitations: result.hesitations.length,
          gripperEvents: result.gripperEvents.length,
          samples: result.program.source?.samples ?? 0,
          durationMs: result.program.source?.durationMs ?? 0,
          issues,
        };
      }),
    'teach.cancel': (_args, context) => guarded(() => service.cancelRecording(context.actor)),
    'teach.jog': ({ robotId, joint, deltaRad, dx, dy, dz, dPitch }, context) =>
      guarded(async () => ({
        joints: await service.jog(
          robotId,
          joint !== undefined
            ? { joint, deltaRad: deltaRad ?? 0 }
            : { dx: dx ?? 0, dy: dy ?? 0, dz: dz ?? 0, dPitch: dPitch ?? 0 },
          context.actor,
        ),
      })),
    'teach.validate': ({ program }) => {
      const parsed = parseProgram(program);
      const { ok, issues } = validateProgram(parsed, armProfile(parsed.robotProfile));
      return { ok, issues, program: parsed };
    },
    'teach.simulator': ({ robotId }) => ({ torqueOn: service.simulatorTorque(robotId) }),
    'tasks.list': ({ robotId }) => db.call('listTasks', robotId ? { robotId } : {}),
    'tasks.get': async ({ id, version }) => {
      const record = await db.call('getTask', version === undefined ? { id } : { id, version });
      return {
        task: record.task,
        program: parseProgram(record.program),
        version: record.version,
        versions: record.versions,
      };
    },
    'tasks.save': async ({ id, program, note }, context) => {
      const parsed = parseProgram(program);
      armProfile(parsed.robotProfile);
      return summary(
        await db.call('saveTask', {
          ...(id ? { id } : {}),
          name: parsed.name,
          robotProfile: parsed.robotProfile,
          program: JSON.stringify(parsed),
          actor: context.actor,
          nowMs: Date.now(),
          ...(note ? { note } : {}),
        }),
      );
    },
    'tasks.duplicate': ({ id, name }, context) =>
      db.call('duplicateTask', { id, name, actor: context.actor, nowMs: Date.now() }),
    'tasks.assign': ({ id, robotIds }, context) =>
      db.call('assignTask', { id, robotIds, actor: context.actor, nowMs: Date.now() }),
    'tasks.export': async ({ id, version }) => {
      const record = await db.call('getTask', version === undefined ? { id } : { id, version });
      const program = parseProgram(record.program);
      return {
        fileName: `${slug(program.name)}.v${record.version}.genba-task.json`,
        json: `${JSON.stringify(program, null, 2)}\n`,
      };
    },
    'tasks.import': async ({ json }, context) => {
      const parsed = parseProgram(json);
      armProfile(parsed.robotProfile);
      const program: TaskProgram = {
        ...parsed,
        source: { ...(parsed.source ?? {}), kind: 'import' },
      };
      return db.call('saveTask', {
        name: program.name,
        robotProfile: program.robotProfile,
        program: JSON.stringify(program),
        actor: context.actor,
        nowMs: Date.now(),
        note: 'imported from a file',
      });
    },
    'tasks.run': async ({ robotId, taskId, program, speedScale }, context) => {
      if (context.role !== 'technician') {
        if (!taskId)
          throw new ApiError(
            'forbidden',
            'Only a technician can run a task that is not saved and assigned to this robot.',
          );
        if (!(await db.call('isTaskAssigned', { id: taskId, robotId }))) {
          throw new ApiError(
            'not-assigned',
            'This task is not assigned to this robot. Ask a technician to assign it.',
          );
        }
      }
      let parsed: TaskProgram;
      if (program !== undefined) parsed = parseProgram(program);
      else if (taskId) parsed = parseProgram((await db.call('getTask', { id: taskId })).program);
      else throw new ApiError('no-program', 'Say which task to run.');
      return run(robotId, parsed, taskId ?? null, speedScale, context.actor);
    },
    'tasks.control': ({ runId, action, speedScale }) =>
      guarded(() => service.control(runId, action, speedScale)),
  };
}
