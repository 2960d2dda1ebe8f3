import type { HumanMessage } from '../dynamixel2/errors';
import { catalogSchema, type CatalogData, type ServoRatings } from './servo-ratings';

/** Families whose servos report a model number. */
export type ServoFamily = CatalogData['family'];

/** An identity field every model of a family has at the same address; always read-only here. */
export interface GenericField {
  key: string;
  name: string;
  address: number;
  size: 1 | 2;
  access: 'R';
}

const GENERIC_FIELD_NAMES = {
  modelNumber: 'Model Number',
  firmwareVersion: 'Firmware Version',
  firmwareMajorVersion: 'Firmware Major Version',
  firmwareMinorVersion: 'Firmware Minor Version',
  id: 'ID',
  baudRate: 'Baud Rate',
} as const;

type GenericFieldKey = keyof typeof GENERIC_FIELD_NAMES;

/** A family's identity fields from key → [address, size], in the order given (by address). */
export function genericFields(
  layout: Partial<Record<GenericFieldKey, readonly [address: number, size: 1 | 2]>>,
): readonly GenericField[] {
  return (Object.keys(layout) as GenericFieldKey[]).map((key) => {
    const [address, size] = layout[key] ?? [0, 1];
    return { key, name: GENERIC_FIELD_NAMES[key], address, size, access: 'R' };
  });
}

/**
 * What Genba knows about the servo that answered: `table` (a control table to read and write),
 * `named` (a known product without a table here) or `unknown` (a number Genba has never seen).
 * The last two come with read-only generic fields and a note, never an exception.
 */
export interface ModelDescriptor<Table> {
  family: ServoFamily;
  modelNumber: number;
  status: 'table' | 'named' | 'unknown';
  name: string;
  ratings: ServoRatings | null;
  table: Table | null;
  genericFields: readonly GenericField[];
  note: Omit<HumanMessage, 'code'> | null;
}

export class ModelCatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCatalogError';
  }
}

interface TableLike {
  model: string;
  modelNumber: number;
}

const FAMILY_LABEL: Record<ServoFamily, string> = {
  dynamixel1: 'Dynamixel (Protocol 1.0)',
  dynamixel2: 'Dynamixel (Protocol 2.0)',
  feetech: 'Feetech',
};

/** A family's model numbers → names, ratings and control tables, checked against each other. */
export class ModelCatalog<Table extends TableLike> {
  readonly family: ServoFamily;
  private readonly byNumber = new Map<number, ModelDescriptor<Table>>();

  constructor(
    data: unknown,
    tables: readonly Table[],
    readonly genericFields: readonly GenericField[],
  ) {
    const parsed = catalogSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ModelCatalogError(
        `Invalid model catalog at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown problem'}.`,
      );
    }
    this.family = parsed.data.family;
    const tableByNumber = new Map(tables.map((t) => [t.modelNumber, t]));
    for (const entry of parsed.data.models) {
      if (this.byNumber.has(entry.modelNumber))
        throw new ModelCatalogError(`Model number ${entry.modelNumber} is listed twice.`);
      const table = tableByNumber.get(entry.modelNumber) ?? null;
      if (entry.table !== (table !== null))
        throw new ModelCatalogError(
          `${entry.model} (${entry.modelNumber}): the catalog says table=${entry.table} but ${table ? 'a' : 'no'} table is bundled.`,
        );
      if (table && table.model !== entry.model)
        throw new ModelCatalogError(
          `Model number ${entry.modelNumber} is ${entry.model} in the catalog but ${table.model} in its table.`,
        );
      this.byNumber.set(entry.modelNumber, {
        family: this.family,
        modelNumber: entry.modelNumber,
        status: table ? 'table' : 'named',
        name: entry.model,
        ratings: entry.ratings,
        table,
        genericFields,
        note: table ? null : namedNote(entry.model),
      });
    }
    for (const table of tables)
      if (!this.byNumber.has(table.modelNumber))
        throw new ModelCatalogError(`${table.model} has a table but no catalog entry.`);
  }

  get models(): ModelDescriptor<Table>[] {
    return [...this.byNumber.values()];
  }

  has(modelNumber: number): boolean {
    return this.byNumber.has(modelNumber);
  }

  /** Never throws: a number nobody listed becomes an `unknown` descriptor. */
  describe(modelNumber: number): ModelDescriptor<Table> {
    return this.byNumber.get(modelNumber) ?? this.unknown(modelNumber);
  }

  private unknown(modelNumber: number): ModelDescriptor<Table> {
    const label = FAMILY_LABEL[this.family];
    return {
      family: this.family,
      modelNumber,
      status: 'unknown',
      name: `Unknown model ${modelNumber}`,
      ratings: null,
      table: null,
      genericFields: this.genericFields,
      note: {
        en: `A ${label} servo answered with model number ${modelNumber}, which Genba does not know. Only its identity fields are shown, read-only.`,
        ja: `${label} のサーボがモデル番号 ${modelNumber} で応答しましたが、Genba はこのモデルを知りません。識別用の項目のみ読み取り専用で表示します。`,
        advice: {
          en: 'Check the model on the servo label. If it is a newer model, update Genba; do not write settings to it from here.',
          ja: 'サーボのラベルで型番を確認してください。新しいモデルの場合は Genba を更新してください。ここから設定を書き込まないでください。',
        },
      },
    };
  }
}

function namedNote(model: string): Omit<HumanMessage, 'code'> {
  return {
    en: `Genba knows the ${model} by name but has no control table for it. Only its identity fields are shown, read-only.`,
    ja: `${model} は型番としては既知ですが、Genba にはこのモデルのコントロールテーブルがありません。識別用の項目のみ読み取り専用で表示します。`,
    advice: {
      en: 'Use the vendor’s tool to change its settings, or ask for this model to be added.',
      ja: '設定の変更にはメーカーのツールを使うか、このモデルの追加を依頼してください。',
    },
  };
}
