import type { CallOptions } from '../transaction/packet-transactor';
import { ServoArgumentError } from '../transaction/errors';
import type { FeetechBus } from './bus';
import type { FeetechControlTable } from './control-table';

export interface EepromWriteResult {
  /** The id the servo answers to afterwards (changed when `id` was among the values). */
  id: number;
  written: string[];
}

/**
 * Writes EEPROM items so they survive a power cycle: Lock 0, the items in order, Lock 1
 * (Feetech memory table, "Lock flag": EEPROM changes are kept only while it is 0). Values are
 * checked first, since the servo reports nothing; an id change re-locks at the new id. A baud
 * change must be last and is re-locked by the caller after it reconnects at the new rate.
 */
export async function writeEeprom(
  bus: FeetechBus,
  table: FeetechControlTable,
  id: number,
  values: Readonly<Record<string, number>>,
  options: CallOptions = {},
): Promise<EepromWriteResult> {
  const checked = Object.entries(values).map(([key, value]) => {
    const check = table.checkItem(key, value);
    if (!check.ok) throw new ServoArgumentError(`${check.message.en} ${check.message.advice.en}`);
    return { key, raw: check.raw, item: table.registers.item(key) };
  });
  const baudAt = checked.findIndex((c) => c.key === 'baudRate');
  if (baudAt >= 0 && baudAt !== checked.length - 1)
    throw new ServoArgumentError(
      'Write Baud Rate last: the servo stops understanding the old rate at once.',
    );
  const lock = table.lockAddress;
  let current = id;
  await bus.write(current, lock, Uint8Array.of(0), options);
  for (const { key, raw, item } of checked) {
    await bus.write(current, item.address, raw, options);
    if (key === 'id') current = values.id ?? current;
  }
  if (baudAt < 0) await bus.write(current, lock, Uint8Array.of(1), options);
  return { id: current, written: checked.map((c) => c.key) };
}
