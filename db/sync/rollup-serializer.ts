/**
 * The telemetry rollup serializer: valid by construction instead of checked after the fact.
 *
 * It writes the dictionary's fields in the dictionary's order (the order JSON.stringify would
 * follow), each from the same allowlist function as its builder in record-builders.ts. Numbers are
 * clamped to the dictionary's ranges here, so they cannot fall outside them; strings are
 * enumerations, the nonce, the HMAC pseudonym, or hour/firmware texts, and each string field still
 * passes the dictionary's own check (which remembers the last value that passed, so a repeated
 * value costs one comparison). Module load fails if the dictionary's rollup layout ever differs
 * from what is written here; a unit test compares the output with JSON.stringify of `anonymize`
 * and with `assertInDictionary` on many inputs.
 */
import { DictionaryViolation, fieldCheck, JOINTS, kindSpec, MODELS } from './data-dictionary';
import type { AnonymizeContext, AnonymizedLine, TelemetryRollupInput } from './donation-types';
import { enumSet, firmwareOf, HOUR, hourOf, int, nonce, oneOfSet, round } from './field-allowlist';

const ROLLUP_KIND = 'telemetry_rollup';

/** Field name → [decimal digits, min, max] (integers: digits 0), as record-builders.ts rounds them. */
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
export function readRollupHead(input: TelemetryRollupInput): string {
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

export function telemetryRollupLine(
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
