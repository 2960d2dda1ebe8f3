/**
 * Teaching and the task library. Programs travel in the versioned program format of
 * native/teach/program.ts; requests carry them as unknown and the handlers validate (and migrate)
 * them, so an older program file still loads.
 */
import { z } from 'zod';
import { ALL, TECHNICIAN } from './access';
import { NoArgs, RobotId, RobotIdArg, Text, type ChannelSpec, type EventSpec } from './common';

export const TeachProgramStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('move'),
    id: z.string(),
    name: Text,
    joints: z.record(z.string(), z.number()),
    path: z.enum(['joint', 'linear']),
    speed: z.number(),
    acceleration: z.number(),
    primitive: z.string().optional(),
  }),
  z.object({
    kind: z.literal('gripper'),
    id: z.string(),
    name: Text,
    open: z.number(),
    primitive: z.string().optional(),
  }),
  z.object({ kind: z.literal('wait'), id: z.string(), name: Text, ms: z.number() }),
]);
export type TeachProgramStep = z.infer<typeof TeachProgramStep>;
export const TeachProgram = z.object({
  format: z.literal('genba-task'),
  version: z.number(),
  name: z.string(),
  robotProfile: z.string(),
  createdMs: z.number(),
  source: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(TeachProgramStep),
});
export type TeachProgram = z.infer<typeof TeachProgram>;
export const TeachIssue = z.object({
  stepIndex: z.number().nullable(),
  stepId: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: Text,
});
export type TeachIssue = z.infer<typeof TeachIssue>;
export const TeachState = z.object({
  recording: z
    .object({
      robotId: z.string(),
      mode: z.enum(['hand', 'jog']),
      startedMs: z.number(),
      samples: z.number(),
      rateHz: z.number(),
      marks: z.number(),
      handActive: z.boolean(),
    })
    .nullable(),
  run: z
    .object({
      runId: z.string(),
      robotId: z.string(),
      task: z.string(),
      taskId: z.string().nullable(),
      stepIndex: z.number(),
      stepCount: z.number(),
      state: z.enum(['running', 'paused']),
      speedScale: z.number(),
      startedMs: z.number(),
    })
    .nullable(),
  lastRun: z
    .object({
      runId: z.string(),
      task: z.string(),
      outcome: z.enum(['succeeded', 'failed', 'aborted']),
      reason: z.string().nullable(),
      endedMs: z.number(),
      stepIndex: z.number(),
    })
    .nullable(),
});
export type TeachState = z.infer<typeof TeachState>;
export const TeachArmProfile = z.object({
  id: z.string(),
  name: Text,
  joints: z.array(
    z.object({
      name: z.string(),
      label: Text,
      minRad: z.number(),
      maxRad: z.number(),
      maxVelocityRadS: z.number(),
      maxAccelerationRadS2: z.number(),
      homeRad: z.number(),
      gripper: z.object({ closedRad: z.number(), openRad: z.number() }).optional(),
    }),
  ),
  kinematics: z.object({
    baseHeightM: z.number(),
    links: z.array(z.object({ lengthM: z.number(), offsetRad: z.number() })),
  }),
});
export type TeachArmProfile = z.infer<typeof TeachArmProfile>;
export const TeachResult = z.object({
  program: TeachProgram,
  segments: z.array(z.object({ primitive: z.string(), startMs: z.number(), endMs: z.number() })),
  hesitations: z.number(),
  gripperEvents: z.number(),
  samples: z.number(),
  durationMs: z.number(),
  issues: z.array(TeachIssue),
});
export type TeachResult = z.infer<typeof TeachResult>;
export const TaskSummary = z.object({
  id: z.string(),
  name: z.string(),
  robotProfile: z.string(),
  version: z.number(),
  createdMs: z.number(),
  updatedMs: z.number(),
  stepCount: z.number(),
  assignedRobots: z.array(z.string()),
});
export type TaskSummary = z.infer<typeof TaskSummary>;
/** The longest string any channel accepts; the WebSocket's payload limit is derived from it. */
export const TASK_IMPORT_MAX_CHARS = 2_000_000;
const TaskId = z.string().min(1).max(100);
const ProgramArg = z.unknown();

/**
 * Teaching is for technicians. Every role reads the task library (admins read everything; they do
 * not run tasks); care staff run the tasks assigned to a robot (the handler refuses them anything
 * else) and can pause or stop a run, also while the terminal is locked.
 */
export const teachChannels = {
  'teach.state': { access: { roles: ALL }, args: NoArgs, result: TeachState },
  'teach.profile': {
    access: { roles: ALL },
    args: z.object({ profileId: z.string().min(1).max(80) }).strict(),
    result: TeachArmProfile,
  },
  'teach.start': {
    access: { roles: TECHNICIAN, auditOnAccept: 'teach.start' },
    args: RobotId.extend({ mode: z.enum(['hand', 'jog']) }),
    result: TeachState,
  },
  /** Marks a gripper event now (the button while hand-guiding): 0 closed … 1 open. */
  'teach.mark': {
    access: { roles: TECHNICIAN },
    args: z.object({ open: z.number().min(0).max(1) }).strict(),
    result: TeachState,
  },
  /** Demo facility only: a scripted person guides the simulated arm through a pick-and-place. */
  'teach.scriptedHand': {
    access: { roles: TECHNICIAN, auditOnAccept: 'teach.scripted-hand' },
    args: RobotId,
    result: TeachState,
  },
  'teach.finish': {
    access: { roles: TECHNICIAN, auditOnAccept: 'teach.finish' },
    args: z.object({ name: z.string().trim().min(1).max(120) }).strict(),
    result: TeachResult,
  },
  'teach.cancel': { access: { roles: TECHNICIAN }, args: NoArgs, result: TeachState },
  'teach.jog': {
    access: { roles: TECHNICIAN, auditOnAccept: 'teach.jog' },
    args: z
      .object({
        robotId: RobotIdArg,
        joint: z.string().min(1).max(40).optional(),
        deltaRad: z.number().min(-0.5).max(0.5).optional(),
        dx: z.number().min(-0.05).max(0.05).optional(),
        dy: z.number().min(-0.05).max(0.05).optional(),
        dz: z.number().min(-0.05).max(0.05).optional(),
        dPitch: z.number().min(-0.3).max(0.3).optional(),
      })
      .strict(),
    result: z.object({ joints: z.record(z.string(), z.number()) }),
  },
  'teach.validate': {
    access: { roles: TECHNICIAN },
    args: z.object({ program: ProgramArg, robotId: RobotIdArg.optional() }).strict(),
    result: z.object({ ok: z.boolean(), issues: z.array(TeachIssue), program: TeachProgram }),
  },
  /** Demo only: torque per joint as the simulator's own registers hold it. */
  'teach.simulator': {
    access: { roles: ['care-staff', 'technician'] },
    args: RobotId,
    result: z.object({ torqueOn: z.array(z.boolean()).nullable() }),
  },
  'tasks.list': {
    access: { roles: ALL },
    args: z.object({ robotId: RobotIdArg.optional() }).strict(),
    result: z.array(TaskSummary),
  },
  'tasks.get': {
    access: { roles: ALL },
    args: z.object({ id: TaskId, version: z.number().int().positive().optional() }).strict(),
    result: z.object({
      task: TaskSummary,
      program: TeachProgram,
      version: z.number(),
      versions: z.array(
        z.object({
          version: z.number(),
          createdMs: z.number(),
          actor: z.string(),
          note: z.string().nullable(),
        }),
      ),
    }),
  },
  'tasks.save': {
    access: { roles: TECHNICIAN },
    args: z
      .object({ id: TaskId.optional(), program: ProgramArg, note: z.string().max(200).optional() })
      .strict(),
    result: TaskSummary,
  },
  'tasks.duplicate': {
    access: { roles: TECHNICIAN },
    args: z.object({ id: TaskId, name: z.string().trim().min(1).max(120) }).strict(),
    result: TaskSummary,
  },
  'tasks.assign': {
    access: { roles: TECHNICIAN },
    args: z.object({ id: TaskId, robotIds: z.array(RobotIdArg).max(50) }).strict(),
    result: TaskSummary,
  },
  'tasks.export': {
    access: { roles: TECHNICIAN, auditOnAccept: 'task.export' },
    args: z.object({ id: TaskId, version: z.number().int().positive().optional() }).strict(),
    result: z.object({ fileName: z.string(), json: z.string() }),
  },
  'tasks.import': {
    access: { roles: TECHNICIAN },
    args: z.object({ json: z.string().min(2).max(TASK_IMPORT_MAX_CHARS) }).strict(),
    result: TaskSummary,
  },
  /** Runs a saved task (care staff: only one assigned to the robot) or, for technicians, the program being edited. */
  'tasks.run': {
    access: { roles: ['care-staff', 'technician'], auditOnAccept: 'task.run' },
    args: z
      .object({
        robotId: RobotIdArg,
        taskId: TaskId.optional(),
        program: ProgramArg.optional(),
        speedScale: z.number().min(0.05).max(1).optional(),
      })
      .strict(),
    result: TeachState,
  },
  'tasks.control': {
    access: {
      roles: ['care-staff', 'technician'],
      whenLocked: true,
      auditOnAccept: 'task.control',
    },
    args: z
      .object({
        runId: z.string().min(1).max(100),
        action: z.enum(['pause', 'resume', 'stop', 'speed']),
        speedScale: z.number().min(0.05).max(1).optional(),
      })
      .strict(),
    result: TeachState,
  },
} as const satisfies Record<string, ChannelSpec>;

export const teachEvents = {
  'teach.state': { payload: TeachState, access: { roles: ALL, whenLocked: true } },
} as const satisfies Record<string, EventSpec>;
