import { z } from 'zod';

/** The fields every family's control-table item has; each family adds its own (SI, sign, limits). */
export const itemFieldsSchema = z.object({
  address: z.number().int().min(0),
  size: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  name: z.string().min(1),
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  access: z.enum(['R', 'RW']),
  area: z.enum(['EEPROM', 'RAM']),
  initial: z.number().int().nullable(),
  range: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
  signed: z.boolean(),
  unit: z.string().nullable(),
});

/** What every family's control-table item has: a key, a name, and the bytes it occupies. */
export interface LaidOutItem {
  key: string;
  name: string;
  address: number;
  size: number;
  initial: number | null;
}

export interface LayoutData<Item extends LaidOutItem> {
  model: string;
  modelNumber: number;
  memorySize: number;
  items: readonly Item[];
}

/** Validates JSON (or any value) against a table schema; the error says which field is wrong. */
export function parseTableJson<T>(
  schema: z.ZodType<T>,
  data: unknown,
  fail: (message: string) => Error,
): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(
      `Invalid control table at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  return parsed.data;
}

/**
 * Where each item of a servo's control table lives, whatever the family: items by key and by
 * address, each key once, every byte inside the memory and owned by one item at most. How the
 * bytes become values (byte order, sign, SI) is the family table's.
 */
export abstract class TableLayout<Item extends LaidOutItem> {
  readonly model: string;
  readonly modelNumber: number;
  readonly memorySize: number;
  readonly items: readonly Item[];
  private readonly byKey = new Map<string, Item>();
  /** owner[address] = the item that byte belongs to. */
  private readonly owner: (Item | undefined)[];

  protected constructor(
    data: LayoutData<Item>,
    private readonly fail: (message: string) => Error,
    /** A family's own check of one item, after its key and before its bytes. */
    checkItem: (item: Item) => void = () => undefined,
  ) {
    this.model = data.model;
    this.modelNumber = data.modelNumber;
    this.memorySize = data.memorySize;
    this.items = [...data.items].sort((a, b) => a.address - b.address);
    this.owner = new Array<Item | undefined>(data.memorySize).fill(undefined);
    for (const item of this.items) {
      if (this.byKey.has(item.key))
        throw fail(`${data.model}: item key "${item.key}" appears twice.`);
      checkItem(item);
      this.byKey.set(item.key, item);
      for (let a = item.address; a < item.address + item.size; a++) {
        if (a >= data.memorySize)
          throw fail(`${data.model}: ${item.name} ends beyond the ${data.memorySize}-byte memory.`);
        if (this.owner[a])
          throw fail(`${data.model}: ${item.name} overlaps ${this.owner[a]?.name}.`);
        this.owner[a] = item;
      }
    }
  }

  find(key: string): Item | undefined {
    return this.byKey.get(key);
  }

  item(key: string): Item {
    const item = this.byKey.get(key);
    if (!item) throw this.fail(`${this.model} has no control-table item "${key}".`);
    return item;
  }

  /** The item whose bytes include `address`. */
  itemAt(address: number): Item | undefined {
    return this.owner[address];
  }

  /** Items overlapping `[address, address + length)`, in address order. */
  itemsIn(address: number, length: number): Item[] {
    return this.items.filter((i) => i.address < address + length && i.address + i.size > address);
  }

  abstract encode(item: Item, value: number): Uint8Array;

  /** A fresh memory image holding every item's initial value (undefined bytes read as 0). */
  initialMemory(): Uint8Array {
    const memory = new Uint8Array(this.memorySize);
    for (const item of this.items)
      if (item.initial !== null) memory.set(this.encode(item, item.initial), item.address);
    return memory;
  }
}
