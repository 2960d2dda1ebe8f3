/**
 * Pieces every area of the API contract shares: the error envelope, empty arguments, bilingual
 * text, the identifiers that arrive as arguments, and the shape of a channel and an event.
 */
import { z } from 'zod';
import { LANGUAGES } from '../../../native/domain';
import type { ChannelAccess } from './access';

export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** A failure a person can act on: what failed, why, what to do. `code` is stable for the UI. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const NoArgs = z.object({}).strict();
export const Text = z.object({ en: z.string(), ja: z.string() });
/** A robot's id as a channel argument. */
export const RobotIdArg = z.string().min(1).max(200);
/** `{ robotId }` alone; `RobotId.extend({ … })` for a channel on one robot that takes more. */
export const RobotId = z.object({ robotId: RobotIdArg }).strict();
export const JointName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .max(40);

/**
 * The five measured telemetry channels, by their TelemetrySample names (the hardware error bits
 * are an integer field of their own): a joint's status, a sample, an alert's evidence.
 */
export const MEASURED_CHANNELS = {
  positionRad: z.number(),
  velocityRadS: z.number(),
  currentA: z.number(),
  voltageV: z.number(),
  temperatureC: z.number(),
};

/** The same fields as columns (full-rate rows of one joint): one array of numbers each. */
export const MEASURED_CHANNEL_COLUMNS = Object.fromEntries(
  Object.keys(MEASURED_CHANNELS).map((field) => [field, z.array(z.number())]),
) as { [F in keyof typeof MEASURED_CHANNELS]: z.ZodArray<z.ZodNumber> };

/** The mask zod's `.pick` takes, from the field names: `Account.pick(pickMask('role'))`. */
export function pickMask<K extends string>(...names: K[]): { [N in K]: true } {
  return Object.fromEntries(names.map((name) => [name, true])) as { [N in K]: true };
}

/** A request channel: its arguments, its result and who may call it. */
export interface ChannelSpec {
  args: z.ZodType;
  result: z.ZodType;
  access: ChannelAccess;
}

/** An event the main process pushes: its payload and who may receive it. */
export interface EventSpec {
  payload: z.ZodType;
  access: ChannelAccess;
}

/**
 * `true` only when A and B are the same type (not merely assignable): a schema's parsed type and
 * the domain record it carries cannot drift apart, because a field added to one and not the
 * other turns a `SameShape<…> = true` check into a type error.
 */
export type SameShape<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
