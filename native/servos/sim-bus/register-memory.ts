import type { RegisterTable } from '../control-tables/register-table';

/**
 * A simulated servo's control-table memory for the checksum-packet families: typed get/set by
 * item key (the firmware updating its own registers, no write rules), raw reads, and the Reg
 * Write slot that Action executes.
 */
export class RegisterMemory {
  memory: Uint8Array;
  private registered: { address: number; data: Uint8Array } | undefined;

  constructor(readonly registers: RegisterTable) {
    this.memory = registers.initialMemory();
  }

  get(key: string): number {
    const item = this.registers.item(key);
    return this.registers.decode(item, this.memory, item.address);
  }

  /** Stores a value, clamped to what the field can hold (firmware never overflows a register). */
  set(key: string, value: number): void {
    const item = this.registers.item(key);
    const full = 2 ** (8 * item.size);
    const limit = item.signed
      ? (item.signBit !== undefined ? 2 ** item.signBit : full / 2) - 1
      : full - 1;
    const low = item.signed ? -limit - (item.signBit === undefined ? 1 : 0) : 0;
    const v = Math.max(low, Math.min(limit, Math.round(value)));
    this.memory.set(this.registers.encode(item, v), item.address);
  }

  has(key: string): boolean {
    return this.registers.find(key) !== undefined;
  }

  /** Bytes as a Read returns them; addresses past the table read as 0. */
  read(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    out.set(this.memory.subarray(address, Math.min(address + length, this.memory.length)));
    return out;
  }

  register(address: number, data: Uint8Array): void {
    this.registered = { address, data: data.slice() };
  }

  get hasRegistered(): boolean {
    return this.registered !== undefined;
  }

  /** Takes the registered write (for Action); undefined when none was registered. */
  takeRegistered(): { address: number; data: Uint8Array } | undefined {
    const pending = this.registered;
    this.registered = undefined;
    return pending;
  }
}
