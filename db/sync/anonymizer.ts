/**
 * Turns a local record (which may carry names, notes, serial numbers, exact times) into a
 * donation record that holds only dictionary items. Every output field is built explicitly
 * from an allowlist — nothing is copied through — and the result is checked against the data
 * dictionary before it can reach the outbox.
 *
 * Decisions: strings become enumerated values or narrow patterns (unknown models, joints and
 * faults become "other"); time is cut to the UTC hour (telemetry) or day (episodes, runs,
 * configuration, demonstrations; inside a demonstration time is relative to its start);
 * numbers are rounded so exact readings do not fingerprint a device; robots appear only as
 * per-period pseudonyms (see donation-periods.ts).
 */
import { randomBytes } from 'node:crypto';
import type { DonationCategory } from './categories';
import {
  assertInDictionary,
  FAULTS,
  JOINTS,
  MODELS,
  SEVERITIES,
  STEP_KINDS,
  TASK_OUTCOMES,
  type KindSpec,
} from './data-dictionary';

/** Local inputs, one per category. Extra properties are ignored, never copied. */
export interface TelemetryRollupInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint: string;
  /** Any time inside the hour the rollup covers. */
  tMs: number;
  samples: number;
  temperatureMeanC: number;
  temperatureMaxC: number;
  currentMeanA: number;
  currentMaxA: number;
  voltageMinV: number;
  voltageMeanV: number;
  velocityAbsMaxRadS: number;
  positionMinRad: number;
  positionMaxRad: number;
  hwErrorBits: number;
}

export interface FaultEpisodeInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint?: string | null;
  fault: string;
  severity: string;
  startMs: number;
  endMs?: number | null;
  hwError?: number | null;
  peakTemperatureC?: number | null;
  peakCurrentA?: number | null;
  minVoltageV?: number | null;
}

export interface TaskOutcomeInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  startMs: number;
  endMs: number;
  outcome: string;
  steps?: number | null;
  failedStepKind?: string | null;
  fault?: string | null;
}

export interface RobotConfigurationInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint: string;
  tMs: number;
  settings: Record<string, unknown>;
}

export interface DemonstrationInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  startMs: number;
  /** Samples in time order; positions by joint name (gripper 0–1). */
  samples: Array<{ tMs: number; joints: Record<string, number> }>;
}

export interface DonationInputs {
  'telemetry-rollups': TelemetryRollupInput;
  'fault-episodes': FaultEpisodeInput;
  'task-outcomes': TaskOutcomeInput;
  'robot-configuration': RobotConfigurationInput;
  demonstrations: DemonstrationInput;
}

export type DonationRecord = Record<string, unknown> & { kind: string; schema: number };

export interface AnonymizeContext {
  pseudonym(robotId: string): string;
}

export interface Anonymized {
  record: DonationRecord;
  spec: KindSpec;
  line: string;
  /** Start of the record's time bucket and its end (for the k-anonymity hold). */
  bucketEndMs: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

let nonces = '';
let nonceOffset = 0;
/** 64 random bits per record as 16 hex digits, drawn in blocks (randomBytes per record is slow at 100k/s). */
function nonce(): string {
  if (nonceOffset + 16 > nonces.length) {
    nonces = randomBytes(8 * 4096).toString('hex');
    nonceOffset = 0;
  }
  const hex = nonces.slice(nonceOffset, nonceOffset + 16);
  nonceOffset += 16;
  return hex;
}

/** The last bucket formatted, per granularity: consecutive records mostly share their hour or day. */
const lastHour = { bucket: NaN, text: '' };
const lastDay = { bucket: NaN, text: '' };

export const hourOf = (ms: number): string => {
  const bucket = Math.floor(ms / HOUR);
  if (bucket !== lastHour.bucket) {
    lastHour.text = new Date(bucket * HOUR).toISOString().slice(0, 13) + 'Z';
    lastHour.bucket = bucket;
  }
  return lastHour.text;
};
export const dayOf = (ms: number): string => {
  const bucket = Math.floor(ms / DAY);
  if (bucket !== lastDay.bucket) {
    lastDay.text = new Date(bucket * DAY).toISOString().slice(0, 10);
    lastDay.bucket = bucket;
  }
  return lastDay.text;
};

/** Lower-case lookups per enumeration, built once (the hot path runs per record). */
const enumSets = new WeakMap<readonly string[], Set<string>>();
function enumSet(values: readonly string[]): Set<string> {
  let set = enumSets.get(values);
  if (!set) {
    set = new Set(values);
    enumSets.set(values, set);
  }
  return set;
}

function oneOfOrUndefined<T extends string>(values: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const set = enumSet(values);
  if (set.has(value)) return value as T;
  const lower = value.toLowerCase();
  return set.has(lower) ? (lower as T) : undefined;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): T =>
  oneOfOrUndefined(values, value) ?? ('other' as T);

const FIRMWARE = /^[0-9]{1,4}(\.[0-9]{1,4}){0,2}$/;
let lastFirmware: { value: unknown; text: string | undefined } = { value: NaN, text: undefined };

function firmwareOf(value: unknown): string | undefined {
  if (value === lastFirmware.value) return lastFirmware.text;
  const text = typeof value === 'number' ? String(value) : value;
  const checked = typeof text === 'string' && FIRMWARE.test(text) ? text : undefined;
  lastFirmware = { value, text: checked };
  return checked;
}

const POWERS = [1, 10, 100, 1000, 10_000];

function round(value: unknown, digits: number, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const factor = POWERS[digits] ?? 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Math.min(max, Math.max(min, rounded === 0 ? 0 : rounded));
}

function int(value: unknown, min: number, max: number, step = 1): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, Math.round(value / step) * step));
}

function head(
  kind: string,
  ctx: AnonymizeContext,
  input: { robotId: string; model: string; firmware?: unknown },
) {
  return {
    kind,
    schema: 1,
    rid: nonce(),
    robot: ctx.pseudonym(input.robotId),
    model: oneOf(MODELS, input.model),
    firmware: firmwareOf(input.firmware),
  };
}

type Builder<C extends DonationCategory> = (
  input: DonationInputs[C],
  ctx: AnonymizeContext,
) => {
  record: DonationRecord;
  bucketEndMs: number;
};

const builders: { [C in DonationCategory]: Builder<C> } = {
  // The bulk of donations: one literal in dictionary order, always the same shape (no spread).
  'telemetry-rollups': (input, ctx) => ({
    record: {
      kind: 'telemetry_rollup',
      schema: 1,
      rid: nonce(),
      robot: ctx.pseudonym(input.robotId),
      model: oneOf(MODELS, input.model),
      firmware: firmwareOf(input.firmware),
      joint: oneOf(JOINTS, input.joint),
      hour: hourOf(input.tMs),
      n: int(input.samples, 0, 10_000_000) ?? 0,
      temp_mean: round(input.temperatureMeanC, 1, -40, 200),
      temp_max: round(input.temperatureMaxC, 1, -40, 200),
      cur_mean: round(input.currentMeanA, 2, -50, 50),
      cur_max: round(input.currentMaxA, 2, -50, 50),
      volt_min: round(input.voltageMinV, 1, 0, 100),
      volt_mean: round(input.voltageMeanV, 1, 0, 100),
      vel_abs_max: round(input.velocityAbsMaxRadS, 2, 0, 100),
      pos_min: round(input.positionMinRad, 2, -20, 20),
      pos_max: round(input.positionMaxRad, 2, -20, 20),
      hw_error: int(input.hwErrorBits, 0, 255) ?? 0,
    },
    bucketEndMs: (Math.floor(input.tMs / HOUR) + 1) * HOUR,
  }),
  'fault-episodes': (input, ctx) => ({
    record: {
      ...head('fault_episode', ctx, input),
      joint: oneOf(JOINTS, input.joint ?? 'other'),
      day: dayOf(input.startMs),
      fault: oneOf(FAULTS, input.fault),
      severity: oneOfOrUndefined(SEVERITIES, input.severity) ?? 'warning',
      duration_s:
        input.endMs != null
          ? int((input.endMs - input.startMs) / 1000, 0, 7 * 86_400, 10)
          : undefined,
      hw_error: int(input.hwError, 0, 255),
      temp_peak: round(input.peakTemperatureC, 0, -40, 200),
      cur_peak: round(input.peakCurrentA, 1, -50, 50),
      volt_min: round(input.minVoltageV, 1, 0, 100),
    },
    bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
  }),
  'task-outcomes': (input, ctx) => ({
    record: {
      ...head('task_outcome', ctx, input),
      day: dayOf(input.startMs),
      outcome: oneOfOrUndefined(TASK_OUTCOMES, input.outcome) ?? 'failed',
      duration_s: int((input.endMs - input.startMs) / 1000, 0, 86_400) ?? 0,
      steps: int(input.steps, 0, 10_000),
      failed_step: input.failedStepKind ? oneOf(STEP_KINDS, input.failedStepKind) : undefined,
      fault: input.fault ? oneOf(FAULTS, input.fault) : undefined,
    },
    bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
  }),
  'robot-configuration': (input, ctx) => {
    const s = input.settings;
    return {
      record: {
        ...head('robot_configuration', ctx, input),
        joint: oneOf(JOINTS, input.joint),
        day: dayOf(input.tMs),
        operating_mode: int(s.operatingMode, 0, 16),
        velocity_limit: round(s.velocityLimitRadS ?? s.maxVelocityRadS, 2, 0, 100),
        current_limit: round(s.currentLimitA, 2, 0, 50),
        temperature_limit: round(s.temperatureLimitC, 0, 0, 150),
        pos_p_gain: round(s.positionPGain, 0, 0, 20_000),
        pos_i_gain: round(s.positionIGain, 0, 0, 20_000),
        pos_d_gain: round(s.positionDGain, 0, 0, 20_000),
      },
      bucketEndMs: (Math.floor(input.tMs / DAY) + 1) * DAY,
    };
  },
  demonstrations: (input, ctx) => {
    const names = [...new Set(input.samples.flatMap((s) => Object.keys(s.joints)))]
      .filter((name) => (JOINTS as readonly string[]).includes(name))
      .slice(0, 8);
    const t0 = input.samples[0]?.tMs ?? input.startMs;
    const rows: number[][] = [];
    let lastT = -Infinity;
    for (const sample of input.samples) {
      if (sample.tMs - lastT < 100) continue; // at most 10 Hz
      lastT = sample.tMs;
      rows.push([
        Math.round((sample.tMs - t0) / 100) / 10,
        ...names.map((name) => round(sample.joints[name], 3, -1000, 1000) ?? 0),
      ]);
      if (rows.length >= 36_000) break;
    }
    return {
      record: {
        ...head('demonstration', ctx, input),
        day: dayOf(input.startMs),
        duration_s: round(((input.samples.at(-1)?.tMs ?? t0) - t0) / 1000, 1, 0, 3600) ?? 0,
        columns: ['t_s', ...names],
        trajectory: rows,
      },
      bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
    };
  },
};

/** Anonymize one local record of a category; throws DictionaryViolation if it could not be made safe. */
export function anonymize<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
  ctx: AnonymizeContext,
): Anonymized {
  const builder = builders[category] as Builder<C>;
  const { record, bucketEndMs } = builder(input, ctx);
  // Absent optional values stay undefined: the dictionary check skips them and JSON drops them.
  const spec = assertInDictionary(record);
  if (spec.category !== category) throw new Error(`${spec.kind} does not belong to ${category}`);
  return { record, spec, line: JSON.stringify(record), bucketEndMs };
}
