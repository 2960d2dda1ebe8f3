/**
 * The task program format (versioned JSON, checked with zod on every load).
 *
 * Version 2 (current):
 *   { format: 'genba-task', version: 2, name, robotProfile, createdMs, source?, steps: Step[] }
 *   Step = move    { kind, id, name {en, ja}, joints {name → rad}, path 'joint' | 'linear',
 *                    speed (0 < s ≤ 1, share of each joint's velocity limit; for linear moves of
 *                    the tool speed limit), acceleration (0 < a ≤ 1, same), primitive? }
 *        | gripper { kind, id, name, open (0 closed … 1 open), primitive? }
 *        | wait    { kind, id, name, ms }
 * Version 1 (the first prototype: joints as arrays in profile order, `grip: 'open' | 'close'`,
 * speed in percent) is migrated on load. Newer versions than this app knows are refused with the
 * reason, never guessed at.
 */
import { z } from 'zod';
import type { Bilingual } from '../domain';

export const PROGRAM_FORMAT = 'genba-task';
export const PROGRAM_VERSION = 2;

export const PRIMITIVES = ['reach', 'grasp', 'transport', 'release', 'retract', 'idle'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** Each primitive's name in both languages: the teaching pack's labels and the steps' names. */
export const PRIMITIVE_LABELS: Record<Primitive, Bilingual> = {
  reach: { en: 'Reach', ja: '近づく' },
  grasp: { en: 'Grasp', ja: 'つかむ' },
  transport: { en: 'Carry', ja: '運ぶ' },
  release: { en: 'Release', ja: '放す' },
  retract: { en: 'Move away', ja: '離れる' },
  idle: { en: 'Idle', ja: '静止' },
};

const Text = z.object({
  en: z.string().trim().min(1).max(80),
  ja: z.string().trim().min(1).max(80),
});
const StepId = z.string().min(1).max(40);
const Fraction = z.number().gt(0).max(1);

/** A step of `kind`: its id and name, then its own fields; nothing else is allowed. */
function stepOf<const K extends string, S extends z.ZodRawShape>(kind: K, fields: S) {
  return z.object({ kind: z.literal(kind), id: StepId, name: Text, ...fields }).strict();
}

export const MoveStep = stepOf('move', {
  joints: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().finite()),
  path: z.enum(['joint', 'linear']).default('joint'),
  speed: Fraction.default(0.5),
  acceleration: Fraction.default(0.5),
  primitive: z.enum(PRIMITIVES).optional(),
});

export const GripperStep = stepOf('gripper', {
  open: z.number().min(0).max(1),
  primitive: z.enum(PRIMITIVES).optional(),
});

export const WaitStep = stepOf('wait', { ms: z.number().int().min(0).max(600_000) });

export const ProgramStep = z.discriminatedUnion('kind', [MoveStep, GripperStep, WaitStep]);
export type ProgramStep = z.infer<typeof ProgramStep>;
export type MoveStep = z.infer<typeof MoveStep>;
export type GripperStep = z.infer<typeof GripperStep>;
export type WaitStep = z.infer<typeof WaitStep>;

export const TaskProgram = z
  .object({
    format: z.literal(PROGRAM_FORMAT),
    version: z.literal(PROGRAM_VERSION),
    name: z.string().trim().min(1).max(120),
    robotProfile: z.string().min(1).max(80),
    createdMs: z.number().int().nonnegative(),
    source: z
      .object({
        kind: z.enum(['demonstration', 'editor', 'import']),
        samples: z.number().int().nonnegative().optional(),
        durationMs: z.number().nonnegative().optional(),
        model: z.string().optional(),
      })
      .strict()
      .optional(),
    steps: z.array(ProgramStep).max(500),
  })
  .strict();
export type TaskProgram = z.infer<typeof TaskProgram>;
export type TaskProgramInput = z.input<typeof TaskProgram>;

/** The prototype format, kept only to migrate it. */
const ProgramV1 = z.object({
  version: z.literal(1),
  name: z.string().min(1),
  robot: z.string().min(1),
  jointOrder: z.array(z.string()).min(1),
  steps: z.array(
    z.union([
      z.object({
        type: z.literal('move'),
        label: z.string().optional(),
        joints: z.array(z.number()),
        speedPercent: z.number().min(1).max(100).optional(),
      }),
      z.object({
        type: z.literal('grip'),
        label: z.string().optional(),
        grip: z.enum(['open', 'close']),
      }),
      z.object({
        type: z.literal('wait'),
        label: z.string().optional(),
        seconds: z.number().min(0),
      }),
    ]),
  ),
});

export class ProgramError extends Error {
  constructor(
    readonly code: 'not-json' | 'not-a-program' | 'from-the-future' | 'invalid' | 'wrong-robot',
    message: string,
  ) {
    super(message);
    this.name = 'ProgramError';
  }
}

/** Parses and validates a program (text or value), migrating old versions; throws ProgramError. */
export function loadProgram(input: unknown): TaskProgram {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      throw new ProgramError(
        'not-json',
        `The task file is not valid JSON (${(error as Error).message}).`,
      );
    }
  }
  if (!raw || typeof raw !== 'object') {
    throw new ProgramError('not-a-program', 'The file does not hold a Genba task program.');
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number') {
    throw new ProgramError(
      'not-a-program',
      'The file does not hold a Genba task program (it has no version number).',
    );
  }
  if (version > PROGRAM_VERSION) {
    throw new ProgramError(
      'from-the-future',
      `This task was saved by a newer Genba (program version ${version}; this one reads up to ${PROGRAM_VERSION}). Update Genba to open it; nothing was changed.`,
    );
  }
  if (version === 1) raw = migrateV1(raw);
  else if (version !== PROGRAM_VERSION) {
    throw new ProgramError(
      'invalid',
      `Program version ${version} is not one Genba ever wrote; it cannot be read.`,
    );
  }
  const parsed = TaskProgram.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const where =
      path[0] === 'steps' && typeof path[1] === 'number'
        ? `step ${path[1] + 1}${path.length > 2 ? ` (${path.slice(2).join('.')})` : ''}`
        : path.join('.') || 'the program';
    throw new ProgramError(
      'invalid',
      `The task program is invalid at ${where}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  const ids = new Set<string>();
  for (const [i, step] of parsed.data.steps.entries()) {
    if (ids.has(step.id))
      throw new ProgramError('invalid', `Step ${i + 1} repeats the step id "${step.id}".`);
    ids.add(step.id);
  }
  return parsed.data;
}

function migrateV1(raw: unknown): unknown {
  const parsed = ProgramV1.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProgramError(
      'invalid',
      `This is a version 1 task program but it cannot be migrated: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  const v1 = parsed.data;
  const steps = v1.steps.map((s, i) => {
    const id = `s${i + 1}`;
    const label = s.label ?? '';
    if (s.type === 'move') {
      if (s.joints.length !== v1.jointOrder.length) {
        throw new ProgramError(
          'invalid',
          `Version 1 step ${i + 1} has ${s.joints.length} joint values for ${v1.jointOrder.length} joints; it cannot be migrated.`,
        );
      }
      return {
        kind: 'move',
        id,
        name: { en: label || `Move ${i + 1}`, ja: label || `移動 ${i + 1}` },
        joints: Object.fromEntries(v1.jointOrder.map((n, k) => [n, s.joints[k] ?? 0])),
        path: 'joint',
        speed: (s.speedPercent ?? 50) / 100,
        acceleration: 0.5,
      };
    }
    if (s.type === 'grip') {
      const open = s.grip === 'open' ? 1 : 0;
      return {
        kind: 'gripper',
        id,
        name: {
          en: label || (open ? 'Open gripper' : 'Close gripper'),
          ja: label || (open ? 'グリッパーを開く' : 'グリッパーを閉じる'),
        },
        open,
      };
    }
    return {
      kind: 'wait',
      id,
      name: { en: label || 'Wait', ja: label || '待つ' },
      ms: Math.round(s.seconds * 1000),
    };
  });
  return {
    format: PROGRAM_FORMAT,
    version: PROGRAM_VERSION,
    name: v1.name,
    robotProfile: v1.robot,
    createdMs: 0,
    source: { kind: 'import' },
    steps,
  };
}

let idCounter = 0;
/** A short unique step id. */
export function newStepId(): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `s${Date.now().toString(36)}${idCounter.toString(36)}`;
}
