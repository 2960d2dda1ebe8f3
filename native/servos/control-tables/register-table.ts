import { z } from 'zod';
import {
  fromRaw,
  readUnsigned,
  toRaw,
  writeUnsigned,
  type ByteOrder,
  type Signedness,
} from './word-codec';
import { itemFieldsSchema, parseTableJson, TableLayout } from './table-layout';

/**
 * A control table as data for the checksum-packet families (Dynamixel 1.0, Feetech): where each
 * item lives, who may write it, how its bytes are ordered and signed, and how it maps to SI.
 * The write rules differ per family and live beside each family's codec.
 */
const itemSchema = itemFieldsSchema.extend({
  address: z.number().int().min(0).max(255),
  /** Sign-magnitude: the direction bit. Absent on a signed item: two's complement. */
  signBit: z.number().int().min(1).max(30).optional(),
  si: z
    .object({ unit: z.string(), scale: z.number().positive(), offset: z.number().optional() })
    .nullable(),
});
const tableSchema = z.object({
  model: z.string().min(1),
  modelNumber: z.number().int().min(0).max(0xffff),
  protocol: z.enum(['dynamixel1', 'feetech-sts', 'feetech-scs']),
  byteOrder: z.enum(['little', 'big']),
  memorySize: z.number().int().positive().max(256),
  torqueEnableAddress: z.number().int(),
  lockAddress: z.number().int(),
  items: z.array(itemSchema).min(1),
});

export type RegisterItem = z.infer<typeof itemSchema>;
export type RegisterTableData = z.infer<typeof tableSchema>;
export type RegisterProtocol = RegisterTableData['protocol'];

export class RegisterTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegisterTableError';
  }
}

export function signednessOf(item: RegisterItem): Signedness {
  if (!item.signed) return { kind: 'unsigned' };
  return item.signBit === undefined
    ? { kind: 'twos' }
    : { kind: 'sign-magnitude', bit: item.signBit };
}

export class RegisterTable extends TableLayout<RegisterItem> {
  readonly protocol: RegisterProtocol;
  readonly byteOrder: ByteOrder;
  readonly torqueEnable: RegisterItem;
  readonly lock: RegisterItem;

  private constructor(data: RegisterTableData) {
    super(
      data,
      (message) => new RegisterTableError(message),
      (item) => {
        if (item.signBit !== undefined && (!item.signed || item.signBit >= 8 * item.size))
          throw new RegisterTableError(`${data.model}: ${item.name} has an impossible sign bit.`);
      },
    );
    this.protocol = data.protocol;
    this.byteOrder = data.byteOrder;
    const at = (address: number, key: string, what: string): RegisterItem => {
      const item = this.itemAt(address);
      if (item?.key !== key || item.address !== address)
        throw new RegisterTableError(`${data.model}: ${what} does not point at ${key}.`);
      return item;
    };
    this.torqueEnable = at(data.torqueEnableAddress, 'torqueEnable', 'torqueEnableAddress');
    this.lock = at(data.lockAddress, 'lock', 'lockAddress');
  }

  static fromJson(data: unknown): RegisterTable {
    const parsed = parseTableJson(tableSchema, data, (message) => new RegisterTableError(message));
    return new RegisterTable(parsed);
  }

  decode(item: RegisterItem, bytes: ArrayLike<number>, offset = 0): number {
    return fromRaw(
      readUnsigned(bytes, offset, item.size, this.byteOrder),
      item.size,
      signednessOf(item),
    );
  }

  /** Throws a WordRangeError when the value cannot be represented at all. */
  override encode(item: RegisterItem, value: number): Uint8Array {
    return writeUnsigned(toRaw(value, item.size, signednessOf(item)), item.size, this.byteOrder);
  }

  toSi(item: RegisterItem, value: number): number {
    return item.si ? (value - (item.si.offset ?? 0)) * item.si.scale : value;
  }

  fromSi(item: RegisterItem, value: number): number {
    return item.si ? Math.round(value / item.si.scale + (item.si.offset ?? 0)) : Math.round(value);
  }

  inRange(item: RegisterItem, value: number): boolean {
    return !item.range || (value >= item.range.min && value <= item.range.max);
  }
}
