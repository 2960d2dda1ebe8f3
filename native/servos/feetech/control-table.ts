import type { HumanMessage } from '../dynamixel2/errors';
import {
  RegisterTable,
  RegisterTableError,
  type RegisterItem,
} from '../control-tables/register-table';
import { WordRangeError } from '../control-tables/word-codec';

/**
 * A Feetech control table with the firmware's write rules. Feetech servos never refuse a write
 * with an error: bytes of read-only items are ignored, and EEPROM items change at once but are
 * only kept across power-off while Lock (STS 55, SCS 48) is 0. So the host checks values itself
 * before writing, and unlocks around EEPROM changes (see eeprom-write.ts).
 */
export interface WriteSpan {
  address: number;
  data: Uint8Array;
}

export interface WritePlan {
  /** The bytes the firmware applies: those of read-write items. */
  spans: WriteSpan[];
  /** Items touched but read-only (their bytes are ignored). */
  readOnly: RegisterItem[];
  /** Bytes at addresses no item owns (ignored). */
  undefinedBytes: number;
  /** EEPROM items changed: kept across power-off only while Lock is 0. */
  eeprom: RegisterItem[];
}

export type ItemCheck =
  { ok: true; raw: Uint8Array; eeprom: boolean } | { ok: false; message: HumanMessage };

export class FeetechControlTable {
  private constructor(readonly registers: RegisterTable) {}

  static fromJson(data: unknown): FeetechControlTable {
    const registers = RegisterTable.fromJson(data);
    if (registers.protocol !== 'feetech-sts' && registers.protocol !== 'feetech-scs')
      throw new RegisterTableError(
        `${registers.model} is not a Feetech table (${registers.protocol}).`,
      );
    return new FeetechControlTable(registers);
  }

  get model(): string {
    return this.registers.model;
  }

  get modelNumber(): number {
    return this.registers.modelNumber;
  }

  get series(): 'sts' | 'scs' {
    return this.registers.protocol === 'feetech-sts' ? 'sts' : 'scs';
  }

  /** SCS firmware answers neither Sync Read nor a broadcast Ping (LeRobot's Feetech bus agrees). */
  get supportsSyncRead(): boolean {
    return this.series === 'sts';
  }

  get supportsBroadcastPing(): boolean {
    return this.series === 'sts';
  }

  get lockAddress(): number {
    return this.registers.lock.address;
  }

  planWrite(address: number, data: Uint8Array): WritePlan {
    const plan: WritePlan = { spans: [], readOnly: [], undefinedBytes: 0, eeprom: [] };
    let run: { address: number; bytes: number[] } | undefined;
    const flush = (): void => {
      if (run) plan.spans.push({ address: run.address, data: Uint8Array.from(run.bytes) });
      run = undefined;
    };
    for (let i = 0; i < data.length; i++) {
      const at = address + i;
      const item = this.registers.itemAt(at);
      if (!item || item.access !== 'RW') {
        if (!item) plan.undefinedBytes++;
        else if (!plan.readOnly.includes(item)) plan.readOnly.push(item);
        flush();
        continue;
      }
      if (item.area === 'EEPROM' && !plan.eeprom.includes(item)) plan.eeprom.push(item);
      if (!run) run = { address: at, bytes: [] };
      run.bytes.push(data[i] ?? 0);
    }
    flush();
    return plan;
  }

  /** What the host checks before writing one item, since the servo will not say. */
  checkItem(key: string, value: number): ItemCheck {
    const item = this.registers.find(key);
    if (!item) return { ok: false, message: noSuchItem(this.model, key) };
    if (item.access !== 'RW') return { ok: false, message: readOnly(item) };
    if (!this.registers.inRange(item, value))
      return { ok: false, message: outOfRange(item, value) };
    try {
      return { ok: true, raw: this.registers.encode(item, value), eeprom: item.area === 'EEPROM' };
    } catch (error) {
      if (error instanceof WordRangeError) return { ok: false, message: outOfRange(item, value) };
      throw error;
    }
  }
}

function noSuchItem(model: string, key: string): HumanMessage {
  return {
    code: 'no_such_item',
    en: `${model} has no control-table item "${key}".`,
    ja: `${model} にはコントロールテーブル項目「${key}」がありません。`,
    advice: {
      en: 'Pick an item from the model’s table.',
      ja: 'モデルのテーブルにある項目を選んでください。',
    },
  };
}

function readOnly(item: RegisterItem): HumanMessage {
  return {
    code: 'read_only',
    en: `${item.name} (${item.address}) is read-only; the servo would ignore the write.`,
    ja: `${item.name}（${item.address}）は読み取り専用です。書き込んでもサーボは無視します。`,
    advice: { en: 'Choose a read-write item.', ja: '読み書き可能な項目を選んでください。' },
  };
}

function outOfRange(item: RegisterItem, value: number): HumanMessage {
  const range = item.range ? `${item.range.min}–${item.range.max}` : 'its field';
  return {
    code: 'out_of_range',
    en: `${value} is outside ${range} for ${item.name}. Feetech servos do not report this, so Genba refuses it.`,
    ja: `${value} は ${item.name} の範囲（${range}）外です。Feetech のサーボはこれを通知しないため、Genba が書き込みを止めました。`,
    advice: { en: `Use a value within ${range}.`, ja: `${range} の範囲の値を指定してください。` },
  };
}
