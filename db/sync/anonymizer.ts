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
  DictionaryViolation,
  FAULTS,
  fieldCheck,
  JOINTS,
  MODELS,
  SEVERITIES,
  kindSpec,
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

/** `oneOf` over a set built beforehand (the rollup serializer's models and joints). */
function oneOfSet(set: ReadonlySet<string>, value: unknown): string {
  if (typeof value !== 'string') return 'other';
  if (set.has(value)) return value;
  const lower = value.toLowerCase();
  return set.has(lower) ? lower : 'other';
}

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

/**
 * The quasi-identifier combination of a checked record: kind, then each field as JSON. Checked
 * strings (enumerations and patterns) never need escaping, so they are quoted directly.
 */
export function comboKey(spec: KindSpec, record: Record<string, unknown>): string {
  let key = spec.kind;
  for (const field of spec.quasiIdentifiers) {
    const value = record[field];
    key +=
      typeof value === 'string' ? `\u0000"${value}"` : `\u0000${JSON.stringify(value ?? null)}`;
  }
  return key;
}

/** What `anonymizeLine` hands back, in an object the caller owns and reuses for every record. */
export interface AnonymizedLine {
  kind: string;
  /** The NDJSON line (no newline): exactly `JSON.stringify` of the anonymized record. */
  line: string;
  /** The record's quasi-identifier combination, as `comboKey` builds it. */
  key: string;
  bucketEndMs: number;
}

export function newAnonymizedLine(): AnonymizedLine {
  return { kind: '', line: '', key: '', bucketEndMs: 0 };
}

/**
 * `anonymize` for the outbox, which only needs the line and its combination: the same output,
 * byte for byte, and the same DictionaryViolation when a record cannot be made to fit. Telemetry
 * rollups (the bulk of donations, 100k/s) are written by a serializer of their own; every other
 * kind goes through `anonymize`.
 */
export function anonymizeLine<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
  ctx: AnonymizeContext,
  out: AnonymizedLine,
): void {
  if (category === 'telemetry-rollups') {
    telemetryRollupLine(input as TelemetryRollupInput, ctx, out);
    return;
  }
  const anonymized = anonymize(category, input, ctx);
  out.kind = anonymized.spec.kind;
  out.line = anonymized.line;
  out.key = comboKey(anonymized.spec, anonymized.record);
  out.bucketEndMs = anonymized.bucketEndMs;
}

// ---------------------------------------------------------------------------------------------
// The telemetry rollup serializer: valid by construction instead of checked after the fact.
//
// It writes the dictionary's fields in the dictionary's order (the order JSON.stringify would
// follow), each from the same allowlist function as the builder above. Numbers are clamped to
// the dictionary's ranges here, so they cannot fall outside them; strings are enumerations, the
// nonce, the HMAC pseudonym, or hour/firmware texts, and each string field still passes the
// dictionary's own check (which remembers the last value that passed, so a repeated value costs
// one comparison). Module load fails if the dictionary's rollup layout ever differs from what
// is written here; a unit test compares the output with JSON.stringify of `anonymize` and with
// `assertInDictionary` on many inputs.

const ROLLUP_KIND = 'telemetry_rollup';

/** Field name → [decimal digits, min, max] (integers: digits 0), as the builder above rounds them. */
const ROLLUP_NUMBERS = {
  n: [0, 0, 10_000_000],
  temp_mean: [1, -40, 200],
  temp_max: [1, -40, 200],
  cur_mean: [2, -50, 50],
  cur_max: [2, -50, 50],
  volt_min: [1, 0, 100],
  volt_mean: [1, 0, 100],
  vel_abs_max: [2, 0, 100],
  pos_min: [2, -20, 20],
  pos_max: [2, -20, 20],
  hw_error: [0, 0, 255],
} as const;

const ROLLUP_LAYOUT = [
  'kind',
  'schema',
  'rid',
  'robot',
  'model',
  'firmware',
  'joint',
  'hour',
  ...Object.keys(ROLLUP_NUMBERS),
];

/** Throws at module load unless the dictionary's telemetry rollup is exactly what the serializer writes. */
function checkRollupLayout(): void {
  const spec = kindSpec(ROLLUP_KIND);
  const problem = (what: string) =>
    new Error(`telemetry rollup serializer does not match the data dictionary: ${what}`);
  if (!spec || spec.schema !== 1 || spec.category !== 'telemetry-rollups')
    throw problem('kind, schema or category');
  if (spec.fields.map((f) => f.name).join() !== ROLLUP_LAYOUT.join()) throw problem('field order');
  if (spec.quasiIdentifiers.join() !== 'model,firmware,hour') throw problem('quasi-identifiers');
  for (const field of spec.fields) {
    if (Boolean(field.optional) !== (field.name === 'firmware'))
      throw problem(`${field.name} optional`);
    const range = (ROLLUP_NUMBERS as Record<string, readonly number[]>)[field.name];
    if (!range) continue;
    const [digits, min, max] = range as [number, number, number];
    const expected = field.name === 'n' || field.name === 'hw_error' ? 'integer' : 'number';
    if (
      field.type !== expected ||
      (expected === 'integer' && digits !== 0) ||
      field.min !== min ||
      field.max !== max
    )
      throw problem(`${field.name} type or range`);
  }
  const types = Object.fromEntries(spec.fields.map((f) => [f.name, f.type]));
  if (
    types.rid !== 'nonce' ||
    types.robot !== 'pseudonym' ||
    types.model !== 'enum' ||
    types.firmware !== 'version' ||
    types.joint !== 'enum' ||
    types.hour !== 'hour'
  )
    throw problem('string field types');
}
checkRollupLayout();

const MODEL_SET = enumSet(MODELS);
const JOINT_SET = enumSet(JOINTS);
const checkRobot = fieldCheck(ROLLUP_KIND, 'robot');
const checkModel = fieldCheck(ROLLUP_KIND, 'model');
const checkFirmware = fieldCheck(ROLLUP_KIND, 'firmware');
const checkJoint = fieldCheck(ROLLUP_KIND, 'joint');
const checkHour = fieldCheck(ROLLUP_KIND, 'hour');

function checked(name: string, value: string, check: (value: unknown) => string | null): string {
  const problem = check(value);
  if (problem) throw new DictionaryViolation(`${ROLLUP_KIND}.${name} ${problem}`);
  return value;
}

/**
 * Rounded numbers of one field as JSON text, each distinct value formatted once (number to
 * shortest text costs ~100 ns; a rollup has nine of them). The slot of a value is its rounded
 * value × 10^digits, which identifies it exactly: the text is the one JSON.stringify gives.
 */
class NumberTexts {
  private readonly factor: number;
  private readonly offset: number;
  private readonly texts: Array<string | undefined> = [];

  constructor(private readonly range: readonly [number, number, number]) {
    this.factor = 10 ** range[0];
    this.offset = -range[1] * this.factor;
  }

  text(value: unknown): string | undefined {
    const x = round(value, this.range[0], this.range[1], this.range[2]);
    if (x === undefined) return undefined;
    const slot = Math.round(x * this.factor) + this.offset;
    let text = this.texts[slot];
    if (text === undefined) this.texts[slot] = text = JSON.stringify(x);
    return text;
  }
}

const rollupTexts = {
  temp_mean: new NumberTexts(ROLLUP_NUMBERS.temp_mean),
  temp_max: new NumberTexts(ROLLUP_NUMBERS.temp_max),
  cur_mean: new NumberTexts(ROLLUP_NUMBERS.cur_mean),
  cur_max: new NumberTexts(ROLLUP_NUMBERS.cur_max),
  volt_min: new NumberTexts(ROLLUP_NUMBERS.volt_min),
  volt_mean: new NumberTexts(ROLLUP_NUMBERS.volt_mean),
  vel_abs_max: new NumberTexts(ROLLUP_NUMBERS.vel_abs_max),
  pos_min: new NumberTexts(ROLLUP_NUMBERS.pos_min),
  pos_max: new NumberTexts(ROLLUP_NUMBERS.pos_max),
};

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new DictionaryViolation(`${ROLLUP_KIND}.${name} is missing`);
  return value;
}

/**
 * The quasi-identifier fields of the last rollup and their combination key: consecutive rollups
 * mostly share model, firmware and hour, so the key is built once per change.
 */
const rollupHead = { model: '', firmware: undefined as string | undefined, hour: '', key: '' };

/** Sets `rollupHead` from the input (each value checked); returns the combination key. */
function readRollupHead(input: TelemetryRollupInput): string {
  const model = checked('model', oneOfSet(MODEL_SET, input.model), checkModel);
  const fw = firmwareOf(input.firmware);
  const firmware = fw === undefined ? undefined : checked('firmware', fw, checkFirmware);
  const hour = checked('hour', hourOf(input.tMs), checkHour);
  const head = rollupHead;
  if (head.model !== model || head.firmware !== firmware || head.hour !== hour) {
    head.model = model;
    head.firmware = firmware;
    head.hour = hour;
    head.key = `${ROLLUP_KIND}\u0000"${model}"\u0000${firmware === undefined ? 'null' : `"${firmware}"`}\u0000"${hour}"`;
  }
  return head.key;
}

/**
 * A record's quasi-identifier combination (as `comboKey` of its anonymized record) before its
 * line is written, for kinds where that needs only a few fields: telemetry rollups. Null for
 * the other categories (their key comes with the line). The outbox uses it to count a batch of
 * records per combination without keeping thousands of written lines alive meanwhile.
 */
export function comboKeyBeforeLine<C extends DonationCategory>(
  category: C,
  input: DonationInputs[C],
): string | null {
  return category === 'telemetry-rollups' ? readRollupHead(input as TelemetryRollupInput) : null;
}

function telemetryRollupLine(
  input: TelemetryRollupInput,
  ctx: AnonymizeContext,
  out: AnonymizedLine,
): void {
  const N = ROLLUP_NUMBERS;
  const T = rollupTexts;
  const key = readRollupHead(input);
  const { model, firmware, hour } = rollupHead;
  const rid = nonce(); // 16 lower-case hex digits, by construction
  const robot = checked('robot', ctx.pseudonym(input.robotId), checkRobot);
  const joint = checked('joint', oneOfSet(JOINT_SET, input.joint), checkJoint);
  const n = int(input.samples, N.n[1], N.n[2]) ?? 0;
  const tempMean = required('temp_mean', T.temp_mean.text(input.temperatureMeanC));
  const tempMax = required('temp_max', T.temp_max.text(input.temperatureMaxC));
  const curMean = required('cur_mean', T.cur_mean.text(input.currentMeanA));
  const curMax = required('cur_max', T.cur_max.text(input.currentMaxA));
  const voltMin = required('volt_min', T.volt_min.text(input.voltageMinV));
  const voltMean = required('volt_mean', T.volt_mean.text(input.voltageMeanV));
  const velAbsMax = required('vel_abs_max', T.vel_abs_max.text(input.velocityAbsMaxRadS));
  const posMin = required('pos_min', T.pos_min.text(input.positionMinRad));
  const posMax = required('pos_max', T.pos_max.text(input.positionMaxRad));
  const hwError = int(input.hwErrorBits, N.hw_error[1], N.hw_error[2]) ?? 0;

  // Number texts are JSON.stringify's (NumberTexts); whole numbers print the same either way.
  out.kind = ROLLUP_KIND;
  out.line =
    `{"kind":"${ROLLUP_KIND}","schema":1,"rid":"${rid}","robot":"${robot}","model":"${model}"` +
    (firmware === undefined ? '' : `,"firmware":"${firmware}"`) +
    `,"joint":"${joint}","hour":"${hour}","n":${n},"temp_mean":${tempMean},"temp_max":${tempMax}` +
    `,"cur_mean":${curMean},"cur_max":${curMax},"volt_min":${voltMin},"volt_mean":${voltMean}` +
    `,"vel_abs_max":${velAbsMax},"pos_min":${posMin},"pos_max":${posMax},"hw_error":${hwError}}`;
  out.key = key;
  out.bucketEndMs = (Math.floor(input.tMs / HOUR) + 1) * HOUR;
}
