import { RegisterTable, RegisterTableError } from '../control-tables/register-table';
import { Dynamixel1ErrorBit } from './status';

/**
 * A Protocol 1.0 control table with the firmware's write rules. Writes are byte-wise (writing
 * only the low byte of a word is allowed), so each check looks at the memory as it would be
 * after the write. A refused write changes nothing and reports its error bits:
 * - undefined or read-only bytes, a value outside an item's range, or EEPROM while Lock (47) is 1
 *   → Range Error (Lock can only be cleared by a power cycle, e-Manual "Lock");
 * - Goal Position outside CW/CCW Angle Limit in joint mode → Angle Limit Error.
 */
export class Dynamixel1ControlTable {
  private constructor(readonly registers: RegisterTable) {}

  static fromJson(data: unknown): Dynamixel1ControlTable {
    const registers = RegisterTable.fromJson(data);
    if (registers.protocol !== 'dynamixel1')
      throw new RegisterTableError(
        `${registers.model} is not a Protocol 1.0 table (${registers.protocol}).`,
      );
    return new Dynamixel1ControlTable(registers);
  }

  get model(): string {
    return this.registers.model;
  }

  get modelNumber(): number {
    return this.registers.modelNumber;
  }

  /** Bulk Read is an MX-series instruction; AX firmware answers it with an Instruction Error. */
  get supportsBulkRead(): boolean {
    return this.model.startsWith('MX-');
  }

  /** The error bits the servo would answer this write with; 0 when it is applied. */
  checkWrite(memory: Uint8Array, address: number, data: Uint8Array): number {
    const regs = this.registers;
    if (data.length === 0 || address + data.length > regs.memorySize)
      return Dynamixel1ErrorBit.Range;
    const touched = regs.itemsIn(address, data.length);
    let owned = 0;
    for (const item of touched) {
      if (item.access !== 'RW') return Dynamixel1ErrorBit.Range;
      owned +=
        Math.min(item.address + item.size, address + data.length) - Math.max(item.address, address);
    }
    if (owned !== data.length) return Dynamixel1ErrorBit.Range;
    if (memory[regs.lock.address] === 1) {
      if (touched.some((i) => i.area === 'EEPROM')) return Dynamixel1ErrorBit.Range;
      if (touched.includes(regs.lock) && data[regs.lock.address - address] === 0)
        return Dynamixel1ErrorBit.Range;
    }
    const after = memory.slice();
    after.set(data, address);
    for (const item of touched)
      if (!regs.inRange(item, regs.decode(item, after, item.address)))
        return Dynamixel1ErrorBit.Range;
    const goal = regs.find('goalPosition');
    if (goal && touched.includes(goal) && !this.goalWithinLimits(after))
      return Dynamixel1ErrorBit.AngleLimit;
    return 0;
  }

  /** Joint mode binds the goal to [CW, CCW]; wheel mode (both 0) and MX multi-turn (both 4095) do not. */
  goalWithinLimits(memory: Uint8Array): boolean {
    const regs = this.registers;
    const cw = regs.decode(regs.item('cwAngleLimit'), memory, regs.item('cwAngleLimit').address);
    const ccw = regs.decode(regs.item('ccwAngleLimit'), memory, regs.item('ccwAngleLimit').address);
    const max = regs.item('ccwAngleLimit').range?.max ?? 1023;
    if ((cw === 0 && ccw === 0) || (cw === max && ccw === max)) return true;
    const goal = regs.item('goalPosition');
    const value = regs.decode(goal, memory, goal.address);
    return value >= cw && value <= ccw;
  }

  /** 'wheel' when both angle limits are 0, 'multi-turn' when both are 4095 (MX), else 'joint'. */
  mode(memory: Uint8Array): 'joint' | 'wheel' | 'multi-turn' {
    const regs = this.registers;
    const cw = regs.decode(regs.item('cwAngleLimit'), memory, regs.item('cwAngleLimit').address);
    const ccw = regs.decode(regs.item('ccwAngleLimit'), memory, regs.item('ccwAngleLimit').address);
    if (cw === 0 && ccw === 0) return 'wheel';
    if (this.model.startsWith('MX-') && cw === 4095 && ccw === 4095) return 'multi-turn';
    return 'joint';
  }
}
