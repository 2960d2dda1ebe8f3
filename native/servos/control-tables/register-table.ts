import { z } from 'zod';
import {
  fromRaw,
  readUnsigned,
  toRaw,
  writeUnsigned,
  type ByteOrder,
  type Signedness,
} from './word-codec';

/**
 * A control table as data for the checksum-packet families (Dynamixel 1.0, Feetech): where each
 * item lives, who may write it, how its bytes are ordered and signed, and how it maps to SI.
 * The write rules differ per family and live beside each family's codec.
 */
const itemSchema = z.object({
  address: z.number().int().min(0).max(255),
  size: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  name: z.string().min(1),
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  access: z.enum(['R', 'RW']),
  area: z.enum(['EEPROM', 'RAM']),
  initial: z.number().int().nullable(),
  range: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
  signed: z.boolean(),
  /** Sign-magnitude: the direction bit. Absent on a signed item: two's complement. */
  signBit: z.number().int().min(1).max(30).optional(),
  unit: z.string().nullable(),
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

export class RegisterTable {
  readonly model: string;
  readonly modelNumber: number;
  readonly protocol: RegisterProtocol;
  readonly byteOrder: ByteOrder;
  readonly memorySize: number;
  readonly items: readonly RegisterItem[];
  readonly torqueEnable: RegisterItem;
  readonly lock: RegisterItem;
  private readonly byKey = new Map<string, RegisterItem>();
  private readonly owner: (RegisterItem | undefined)[];

  private constructor(data: RegisterTableData) {
    this.model = data.model;
    this.modelNumber = data.modelNumber;
    this.protocol = data.protocol;
    this.byteOrder = data.byteOrder;
    this.memorySize = data.memorySize;
    this.items = [...data.items].sort((a, b) => a.address - b.address);
    this.owner = new Array<RegisterItem | undefined>(data.memorySize).fill(undefined);
    for (const item of this.items) {
      if (this.byKey.has(item.key))
        throw new RegisterTableError(`${data.model}: item key "${item.key}" appears twice.`);
      if (item.signBit !== undefined && (!item.signed || item.signBit >= 8 * item.size))
        throw new RegisterTableError(`${data.model}: ${item.name} has an impossible sign bit.`);
      this.byKey.set(item.key, item);
      for (let a = item.address; a < item.address + item.size; a++) {
        if (a >= data.memorySize)
          throw new RegisterTableError(
            `${data.model}: ${item.name} ends beyond the ${data.memorySize}-byte memory.`,
          );
        if (this.owner[a])
          throw new RegisterTableError(
            `${data.model}: ${item.name} overlaps ${this.owner[a]?.name}.`,
          );
        this.owner[a] = item;
      }
    }
    const at = (address: number, key: string, what: string): RegisterItem => {
      const item = this.owner[address];
      if (item?.key !== key || item.address !== address)
        throw new RegisterTableError(`${data.model}: ${what} does not point at ${key}.`);
      return item;
    };
    this.torqueEnable = at(data.torqueEnableAddress, 'torqueEnable', 'torqueEnableAddress');
    this.lock = at(data.lockAddress, 'lock', 'lockAddress');
  }

  /** Validates JSON (or any value) and builds a table; the error says which field is wrong. */
  static fromJson(data: unknown): RegisterTable {
    const parsed = tableSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegisterTableError(
        `Invalid control table at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown problem'}.`,
      );
    }
    return new RegisterTable(parsed.data);
  }

  find(key: string): RegisterItem | undefined {
    return this.byKey.get(key);
  }

  item(key: string): RegisterItem {
    const item = this.byKey.get(key);
    if (!item) throw new RegisterTableError(`${this.model} has no control-table item "${key}".`);
    return item;
  }

  itemAt(address: number): RegisterItem | undefined {
    return this.owner[address];
  }

  /** Items overlapping `[address, address + length)`, in address order. */
  itemsIn(address: number, length: number): RegisterItem[] {
    return this.items.filter((i) => i.address < address + length && i.address + i.size > address);
  }

  decode(item: RegisterItem, bytes: ArrayLike<number>, offset = 0): number {
    return fromRaw(
      readUnsigned(bytes, offset, item.size, this.byteOrder),
      item.size,
      signednessOf(item),
    );
  }

  /** Throws a WordRangeError when the value cannot be represented at all. */
  encode(item: RegisterItem, value: number): Uint8Array {
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

  /** A fresh memory image holding every item's initial value (undefined bytes read as 0). */
  initialMemory(): Uint8Array {
    const memory = new Uint8Array(this.memorySize);
    for (const item of this.items)
      if (item.initial !== null) memory.set(this.encode(item, item.initial), item.address);
    return memory;
  }
}
