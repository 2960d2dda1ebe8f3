import { z } from 'zod';
import xm430Json from '../../../assets/control-tables/xm430-w350.json' with { type: 'json' };
import { itemFieldsSchema, parseTableJson, TableLayout } from '../control-tables/table-layout';
import { decodeInt, decodeUint, encodeUint } from './bytes';
import { StatusErrorCode, statusErrorMessage, type HumanMessage } from './errors';

/** A servo's control table as data: where each item lives, who may write it, how it maps to SI. */
const itemSchema = itemFieldsSchema.extend({
  si: z.object({ unit: z.string(), scale: z.number().positive() }).nullable(),
  limit: z
    .object({
      min: z.string().optional(),
      max: z.string().optional(),
      symmetric: z.string().optional(),
    })
    .optional(),
});
const tableSchema = z.object({
  model: z.string(),
  modelNumber: z.number().int(),
  protocol: z.literal(2),
  memorySize: z.number().int().positive(),
  torqueEnableAddress: z.number().int(),
  items: z.array(itemSchema).min(1),
});

export type ControlTableItem = z.infer<typeof itemSchema>;
export type ControlTableData = z.infer<typeof tableSchema>;

export class ControlTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlTableError';
  }
}

export type WriteCheck =
  | { ok: true }
  | { ok: false; code: StatusErrorCode; message: HumanMessage; item?: ControlTableItem };

/** Reads an item's current raw value; used for limits that depend on other items. */
export type RawReader = (key: string) => number;

export class ControlTable extends TableLayout<ControlTableItem> {
  readonly torqueEnableAddress: number;

  private constructor(data: ControlTableData) {
    super(data, (message) => new ControlTableError(message));
    this.torqueEnableAddress = data.torqueEnableAddress;
    if (this.itemAt(this.torqueEnableAddress)?.key !== 'torqueEnable') {
      throw new ControlTableError(
        `${data.model}: torqueEnableAddress does not point at Torque Enable.`,
      );
    }
  }

  static fromJson(data: unknown): ControlTable {
    const parsed = parseTableJson(tableSchema, data, (message) => new ControlTableError(message));
    return new ControlTable(parsed);
  }

  decode(item: ControlTableItem, bytes: Uint8Array, offset = 0): number {
    return item.signed ? decodeInt(bytes, offset, item.size) : decodeUint(bytes, offset, item.size);
  }

  override encode(item: ControlTableItem, raw: number): Uint8Array {
    return encodeUint(raw, item.size);
  }

  toSi(item: ControlTableItem, raw: number): number {
    return item.si ? raw * item.si.scale : raw;
  }

  fromSi(item: ControlTableItem, value: number): number {
    return Math.round(item.si ? value / item.si.scale : value);
  }

  /**
   * The checks a servo makes before accepting a Write, in the order the firmware reports them:
   * undefined or read-only bytes and EEPROM while torque is on → Access Error; a partial item →
   * Data Length Error; outside the item's range → Data Range Error; past a configured limit →
   * Data Limit Error.
   */
  checkWrite(address: number, data: Uint8Array, read: RawReader): WriteCheck {
    const fail = (code: StatusErrorCode, item?: ControlTableItem): WriteCheck => ({
      ok: false,
      code,
      message: statusErrorMessage(code) ?? {
        code: 'error',
        en: 'Write refused.',
        ja: '書き込みが拒否されました。',
        advice: { en: '', ja: '' },
      },
      ...(item ? { item } : {}),
    });
    if (data.length === 0 || address < 0 || address + data.length > this.memorySize)
      return fail(StatusErrorCode.AccessError);
    for (let a = address; a < address + data.length; a++) {
      if (!this.itemAt(a)) return fail(StatusErrorCode.AccessError);
    }
    const torqueOn = read('torqueEnable') !== 0;
    const items = this.itemsIn(address, data.length);
    for (const item of items) {
      if (item.access !== 'RW') return fail(StatusErrorCode.AccessError, item);
      if (item.area === 'EEPROM' && torqueOn) return fail(StatusErrorCode.AccessError, item);
      if (item.address < address || item.address + item.size > address + data.length)
        return fail(StatusErrorCode.DataLengthError, item);
    }
    for (const item of items) {
      const raw = this.decode(item, data, item.address - address);
      if (item.range && (raw < item.range.min || raw > item.range.max))
        return fail(StatusErrorCode.DataRangeError, item);
      if (item.limit && this.outsideLimit(item, raw, read))
        return fail(StatusErrorCode.DataLimitError, item);
    }
    return { ok: true };
  }

  private outsideLimit(item: ControlTableItem, raw: number, read: RawReader): boolean {
    const limit = item.limit;
    if (!limit) return false;
    // Position limits only bind in (single-turn) Position Control Mode, as on the real servo.
    if (item.key === 'goalPosition' && this.find('operatingMode') && read('operatingMode') !== 3)
      return false;
    if (limit.symmetric) {
      const bound = read(limit.symmetric);
      return raw < -bound || raw > bound;
    }
    if (limit.min && raw < read(limit.min)) return true;
    return limit.max !== undefined && raw > read(limit.max);
  }
}

export const XM430_W350: ControlTable = ControlTable.fromJson(xm430Json);
