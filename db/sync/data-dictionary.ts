/**
 * The published list of every item Genba can donate, as data. The preview, the admin's
 * "what leaves" page (ja/en) and the anonymizer's output check all read this one table, so a
 * field that is not written here can never leave the building.
 *
 * Under APPI, donated data is meant to be 匿名加工情報 (anonymously processed information), whose
 * items must be published: this dictionary is that publication. There is deliberately no free
 * text type: every string is an enumerated value or matches a narrow pattern (a pseudonym, an
 * hour, a day, a firmware number), so names, notes, serial numbers and USB ids cannot slip
 * through even if a caller puts them in the wrong field.
 */
import { FAULT_CLASSES } from '../../native/domain';
import type { DonationCategory } from './categories';

export type Text = { en: string; ja: string };

export type FieldType =
  | { type: 'constant' }
  | { type: 'nonce' }
  | { type: 'pseudonym' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'enum-list'; values: readonly string[]; maxItems: number }
  | { type: 'version' }
  | { type: 'hour' }
  | { type: 'day' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'number-matrix'; maxRows: number; maxColumns: number; min: number; max: number };

export type FieldSpec = FieldType & {
  name: string;
  optional?: boolean;
  unit?: string;
  description: Text;
};

export interface KindSpec {
  kind: string;
  schema: number;
  category: DonationCategory;
  description: Text;
  /** Time granularity of the record, which is also its k-anonymity bucket. */
  time: 'hour' | 'day';
  /** Fields whose combination could single out a facility: rarer than k → withheld. */
  quasiIdentifiers: readonly string[];
  fields: readonly FieldSpec[];
}

export const MODELS = ['openmanipulator-x', 'robotiq-2f85', 'other'] as const;
export const JOINTS = [
  'joint1',
  'joint2',
  'joint3',
  'joint4',
  'joint5',
  'joint6',
  'gripper',
  'other',
] as const;
/** The diagnostics faults, the hardware-only ones, and a catch-all for anything newer. */
export const FAULTS = [...FAULT_CLASSES, 'electrical_shock', 'gripper_fault', 'other'] as const;
export const SEVERITIES = ['warning', 'error', 'critical'] as const;
export const TASK_OUTCOMES = ['succeeded', 'failed', 'aborted', 'stopped'] as const;
export const STEP_KINDS = ['move', 'gripper', 'wait', 'other'] as const;

const common = (
  extra: FieldSpec[],
  time: 'hour' | 'day',
  { withJoint }: { withJoint: boolean },
): FieldSpec[] => [
  {
    name: 'kind',
    type: 'constant',
    description: { en: 'Record kind (see this table).', ja: 'レコードの種類（この表を参照）。' },
  },
  {
    name: 'schema',
    type: 'constant',
    description: { en: 'Version of the record layout.', ja: 'レコード形式のバージョン。' },
  },
  {
    name: 'rid',
    type: 'nonce',
    description: {
      en: 'Random record id (64 bits, drawn fresh for each record; derived from nothing) so the receiver can count each record once.',
      ja: 'レコードごとに新しく生成する乱数ID（64ビット、何からも導出しない）。受信側で重複を数えないために使う。',
    },
  },
  {
    name: 'robot',
    type: 'pseudonym',
    description: {
      en: 'Robot pseudonym: HMAC-SHA256 of the local robot id under a random key that exists only during one donation period and is destroyed when it closes. Records of the same robot link within a period, never across periods, and never back to the robot.',
      ja: 'ロボットの仮名：提供期間ごとの乱数鍵によるローカルIDのHMAC-SHA256。鍵は期間終了時に破棄されるため、期間をまたいだ照合やロボットへの復元はできない。',
    },
  },
  {
    name: 'model',
    type: 'enum',
    values: MODELS,
    description: { en: 'Robot model (product line).', ja: 'ロボットの機種。' },
  },
  {
    name: 'firmware',
    type: 'version',
    optional: true,
    description: {
      en: 'Servo/controller firmware version number.',
      ja: 'サーボ・制御器のファームウェア番号。',
    },
  },
  ...(withJoint
    ? [
        {
          name: 'joint',
          type: 'enum',
          values: JOINTS,
          description: { en: 'Joint role within the model.', ja: '機種内の関節の役割。' },
        } satisfies FieldSpec,
      ]
    : []),
  time === 'hour'
    ? {
        name: 'hour',
        type: 'hour',
        description: {
          en: 'Start of the UTC hour (minutes and seconds removed).',
          ja: '協定世界時の時（分・秒は削除）。',
        },
      }
    : {
        name: 'day',
        type: 'day',
        description: {
          en: 'UTC date (time of day removed).',
          ja: '協定世界時の日付（時刻は削除）。',
        },
      },
  ...extra,
];

const num = (
  name: string,
  unit: string,
  min: number,
  max: number,
  description: Text,
  optional = false,
): FieldSpec => ({ name, type: 'number', unit, min, max, description, optional });

export const DATA_DICTIONARY: readonly KindSpec[] = [
  {
    kind: 'telemetry_rollup',
    schema: 1,
    category: 'telemetry-rollups',
    time: 'hour',
    quasiIdentifiers: ['model', 'firmware', 'hour'],
    description: {
      en: 'One joint over one hour: sample count and summary statistics. No individual samples.',
      ja: '1関節の1時間分の集計値（サンプル数と統計量）。個々のサンプルは含まない。',
    },
    fields: common(
      [
        {
          name: 'n',
          type: 'integer',
          min: 0,
          max: 10_000_000,
          description: { en: 'Samples summarised.', ja: '集計したサンプル数。' },
        },
        num('temp_mean', '°C', -40, 200, { en: 'Mean temperature.', ja: '平均温度。' }),
        num('temp_max', '°C', -40, 200, { en: 'Highest temperature.', ja: '最高温度。' }),
        num('cur_mean', 'A', -50, 50, { en: 'Mean current.', ja: '平均電流。' }),
        num('cur_max', 'A', -50, 50, {
          en: 'Largest absolute current.',
          ja: '最大電流（絶対値）。',
        }),
        num('volt_min', 'V', 0, 100, { en: 'Lowest supply voltage.', ja: '最低電源電圧。' }),
        num('volt_mean', 'V', 0, 100, { en: 'Mean supply voltage.', ja: '平均電源電圧。' }),
        num('vel_abs_max', 'rad/s', 0, 100, {
          en: 'Largest absolute speed.',
          ja: '最大速度（絶対値）。',
        }),
        num('pos_min', 'rad', -20, 20, { en: 'Lowest position.', ja: '最小位置。' }),
        num('pos_max', 'rad', -20, 20, { en: 'Highest position.', ja: '最大位置。' }),
        {
          name: 'hw_error',
          type: 'integer',
          min: 0,
          max: 255,
          description: {
            en: 'Dynamixel hardware error bits seen during the hour (OR of all samples).',
            ja: 'その時間に観測したハードウェアエラービット（全サンプルの論理和）。',
          },
        },
      ],
      'hour',
      { withJoint: true },
    ),
  },
  {
    kind: 'fault_episode',
    schema: 1,
    category: 'fault-episodes',
    time: 'day',
    quasiIdentifiers: ['model', 'firmware', 'fault', 'day'],
    description: {
      en: 'One fault or alert: what, on which joint role, how long, peak readings. Operator notes and messages are never included.',
      ja: '1件の故障・警報：種類、関節、継続時間、ピーク値。作業者のメモやメッセージは含まない。',
    },
    fields: common(
      [
        {
          name: 'fault',
          type: 'enum',
          values: FAULTS,
          description: { en: 'Fault type.', ja: '故障の種類。' },
        },
        {
          name: 'severity',
          type: 'enum',
          values: SEVERITIES,
          description: { en: 'Severity.', ja: '重大度。' },
        },
        {
          name: 'duration_s',
          type: 'integer',
          min: 0,
          max: 7 * 86_400,
          unit: 's',
          optional: true,
          description: { en: 'Duration, rounded to 10 s.', ja: '継続時間（10秒単位に丸め）。' },
        },
        {
          name: 'hw_error',
          type: 'integer',
          min: 0,
          max: 255,
          optional: true,
          description: { en: 'Hardware error bits.', ja: 'ハードウェアエラービット。' },
        },
        num('temp_peak', '°C', -40, 200, { en: 'Peak temperature.', ja: '最高温度。' }, true),
        num('cur_peak', 'A', -50, 50, { en: 'Peak current.', ja: '最大電流。' }, true),
        num('volt_min', 'V', 0, 100, { en: 'Lowest voltage.', ja: '最低電圧。' }, true),
      ],
      'day',
      { withJoint: true },
    ),
  },
  {
    kind: 'task_outcome',
    schema: 1,
    category: 'task-outcomes',
    time: 'day',
    quasiIdentifiers: ['model', 'firmware', 'outcome', 'day'],
    description: {
      en: 'How one run of a taught task ended. The task name and who started it are never included.',
      ja: '教示タスク1回分の結果。タスク名や実行者は含まない。',
    },
    fields: common(
      [
        {
          name: 'outcome',
          type: 'enum',
          values: TASK_OUTCOMES,
          description: { en: 'How the run ended.', ja: '実行の結果。' },
        },
        {
          name: 'duration_s',
          type: 'integer',
          min: 0,
          max: 86_400,
          unit: 's',
          description: { en: 'Run time, rounded to 1 s.', ja: '実行時間（1秒単位）。' },
        },
        {
          name: 'steps',
          type: 'integer',
          min: 0,
          max: 10_000,
          optional: true,
          description: { en: 'Number of steps in the program.', ja: 'プログラムのステップ数。' },
        },
        {
          name: 'failed_step',
          type: 'enum',
          values: STEP_KINDS,
          optional: true,
          description: { en: 'Kind of the step that failed.', ja: '失敗したステップの種類。' },
        },
        {
          name: 'fault',
          type: 'enum',
          values: FAULTS,
          optional: true,
          description: { en: 'Fault that ended the run.', ja: '実行を止めた故障。' },
        },
      ],
      'day',
      { withJoint: false },
    ),
  },
  {
    kind: 'robot_configuration',
    schema: 1,
    category: 'robot-configuration',
    time: 'day',
    quasiIdentifiers: ['model', 'firmware', 'day'],
    description: {
      en: 'Numeric servo settings of one joint role. No names, ports, serial numbers or adapter ids.',
      ja: '関節ごとの数値設定。名前、ポート、シリアル番号、アダプタIDは含まない。',
    },
    fields: common(
      [
        {
          name: 'operating_mode',
          type: 'integer',
          min: 0,
          max: 16,
          optional: true,
          description: { en: 'Operating mode number.', ja: '動作モード番号。' },
        },
        num('velocity_limit', 'rad/s', 0, 100, { en: 'Velocity limit.', ja: '速度制限。' }, true),
        num('current_limit', 'A', 0, 50, { en: 'Current limit.', ja: '電流制限。' }, true),
        num(
          'temperature_limit',
          '°C',
          0,
          150,
          { en: 'Temperature limit.', ja: '温度制限。' },
          true,
        ),
        num('pos_p_gain', '', 0, 20_000, { en: 'Position P gain.', ja: '位置Pゲイン。' }, true),
        num('pos_i_gain', '', 0, 20_000, { en: 'Position I gain.', ja: '位置Iゲイン。' }, true),
        num('pos_d_gain', '', 0, 20_000, { en: 'Position D gain.', ja: '位置Dゲイン。' }, true),
      ],
      'day',
      { withJoint: true },
    ),
  },
  {
    kind: 'demonstration',
    schema: 1,
    category: 'demonstrations',
    time: 'day',
    quasiIdentifiers: ['model', 'firmware', 'day'],
    description: {
      en: 'A taught motion: joint positions over time relative to its start (at most 10 Hz). No video, audio, names or task labels.',
      ja: '教示された動作：開始からの相対時間ごとの関節位置（最大10Hz）。映像・音声・名前・タスク名は含まない。',
    },
    fields: common(
      [
        {
          name: 'duration_s',
          type: 'number',
          min: 0,
          max: 3600,
          unit: 's',
          description: { en: 'Length of the demonstration.', ja: 'デモの長さ。' },
        },
        {
          name: 'columns',
          type: 'enum-list',
          values: [...JOINTS, 't_s'],
          maxItems: 9,
          description: {
            en: 'Column names of the trajectory (t_s, then joint roles).',
            ja: '軌跡の列名（t_s、続いて関節）。',
          },
        },
        {
          name: 'trajectory',
          type: 'number-matrix',
          maxRows: 36_000,
          maxColumns: 9,
          min: -1000,
          max: 1000,
          description: {
            en: 'Rows of [seconds since start, positions in rad (gripper 0–1)].',
            ja: '[開始からの秒, 各関節の位置(rad、グリッパは0〜1)] の行。',
          },
        },
      ],
      'day',
      { withJoint: false },
    ),
  },
];

const byKind = new Map(DATA_DICTIONARY.map((spec) => [spec.kind, spec]));

export function kindSpec(kind: string): KindSpec | undefined {
  return byKind.get(kind);
}

export class DictionaryViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DictionaryViolation';
  }
}

const PATTERNS = {
  nonce: /^[0-9a-f]{16}$/,
  pseudonym: /^[0-9a-f]{16}$/,
  version: /^[0-9]{1,4}(\.[0-9]{1,4}){0,2}$/,
  hour: /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}Z$/,
  day: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/,
} as const;

/** Per kind, compiled once: its fields with their value checks. */
interface CompiledSpec {
  spec: KindSpec;
  fields: ReadonlyArray<{ field: FieldSpec; check: (value: unknown) => string | null }>;
}

const compiled = new Map<string, CompiledSpec>(
  DATA_DICTIONARY.map((spec) => [
    spec.kind,
    {
      spec,
      fields: spec.fields.map((field) => ({ field, check: compileCheck(field) })),
    },
  ]),
);

/** A field's check; text types remember the last value that passed (records repeat them). */
function compileCheck(field: FieldSpec): (value: unknown) => string | null {
  if (field.type === 'nonce' || field.type === 'number' || field.type === 'integer')
    return (value) => checkValue(field, value);
  let lastValid: unknown = undefined;
  return (value) => {
    if (value === lastValid && typeof value === 'string') return null;
    const problem = checkValue(field, value);
    if (!problem) lastValid = value;
    return problem;
  };
}

/**
 * The published check of one field (the same one `assertInDictionary` runs), for writers that
 * build a line field by field instead of checking a finished record. Throws if there is no such
 * field, so a writer cannot name a field the dictionary does not list.
 */
export function fieldCheck(kind: string, name: string): (value: unknown) => string | null {
  const entry = compiled.get(kind)?.fields.find((f) => f.field.name === name);
  if (!entry) throw new DictionaryViolation(`${kind}.${name} is not in the dictionary`);
  return entry.check;
}

/**
 * Throws unless `record` is exactly an item of the dictionary: known kind and schema, only
 * listed fields, every value of its declared type. The last gate before the outbox.
 */
export function assertInDictionary(record: Record<string, unknown>): KindSpec {
  const entry = typeof record.kind === 'string' ? compiled.get(record.kind) : undefined;
  if (!entry) throw new DictionaryViolation(`kind ${String(record.kind)} is not in the dictionary`);
  const { spec } = entry;
  if (record.schema !== spec.schema) {
    throw new DictionaryViolation(`${spec.kind}: schema ${String(record.schema)} is not published`);
  }
  let seen = 0;
  for (const { field, check } of entry.fields) {
    const value = record[field.name];
    if (value === undefined) {
      if (!field.optional) throw new DictionaryViolation(`${spec.kind}.${field.name} is missing`);
      continue;
    }
    seen++;
    const problem = check(value);
    if (problem) throw new DictionaryViolation(`${spec.kind}.${field.name} ${problem}`);
  }
  // Every own key must have been one of the fields above.
  let keys = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (record[key] === undefined) continue;
    keys++;
  }
  if (keys !== seen) {
    const allowed = new Set(spec.fields.map((f) => f.name));
    const extra = Object.keys(record).filter((k) => !allowed.has(k));
    throw new DictionaryViolation(
      `${spec.kind} has fields not in the dictionary: ${extra.join(', ')}`,
    );
  }
  return spec;
}

const enumSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function enumValues(values: readonly string[]): ReadonlySet<string> {
  let set = enumSets.get(values);
  if (!set) {
    set = new Set(values);
    enumSets.set(values, set);
  }
  return set;
}

function checkValue(field: FieldSpec, value: unknown): string | null {
  switch (field.type) {
    case 'constant':
      return null; // kind and schema were checked above.
    case 'nonce':
    case 'pseudonym':
    case 'version':
    case 'hour':
    case 'day':
      return typeof value === 'string' && PATTERNS[field.type].test(value)
        ? null
        : `is not a ${field.type}`;
    case 'enum':
      return typeof value === 'string' && enumValues(field.values).has(value)
        ? null
        : 'is not a listed value';
    case 'enum-list':
      return Array.isArray(value) &&
        value.length <= field.maxItems &&
        value.every((v) => typeof v === 'string' && field.values.includes(v))
        ? null
        : 'is not a list of listed values';
    case 'integer':
      return Number.isInteger(value) &&
        (value as number) >= field.min &&
        (value as number) <= field.max
        ? null
        : `is not a whole number from ${field.min} to ${field.max}`;
    case 'number':
      return typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= field.min &&
        value <= field.max
        ? null
        : `is not a number from ${field.min} to ${field.max}`;
    case 'number-matrix': {
      if (!Array.isArray(value) || value.length > field.maxRows) return 'is not a bounded matrix';
      for (const row of value as unknown[]) {
        if (!Array.isArray(row) || row.length > field.maxColumns) return 'has an invalid row';
        for (const cell of row as unknown[]) {
          if (
            typeof cell !== 'number' ||
            !Number.isFinite(cell) ||
            cell < field.min ||
            cell > field.max
          )
            return 'has a value out of range';
        }
      }
      return null;
    }
  }
}

/** The dictionary as plain JSON for the API and the admin page. */
export function publishedDictionary() {
  return DATA_DICTIONARY.map((spec) => ({
    kind: spec.kind,
    schema: spec.schema,
    category: spec.category,
    description: spec.description,
    time: spec.time,
    quasiIdentifiers: [...spec.quasiIdentifiers],
    fields: spec.fields.map((field) => ({
      name: field.name,
      type: field.type,
      optional: field.optional ?? false,
      unit: field.unit ?? null,
      values: 'values' in field ? [...field.values] : null,
      description: field.description,
    })),
  }));
}
