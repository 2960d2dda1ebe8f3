/**
 * The 2F-85's behaviour behind its registers, with no Modbus in it: activation sweep, finger
 * travel at the commanded speed, stopping on an object, grip current rising with the commanded
 * force, and the fault rules (priority faults clear themselves, minor ones with their cause,
 * major ones only on a reset and a new rising edge of rACT).
 */
import { ACTION, FINGER_LIMITS } from '../registers';

/** Finger stroke and the position counts the fingers physically reach (open … closed). */
const STROKE_MM = FINGER_LIMITS.strokeMm;
export const OPEN_LIMIT = FINGER_LIMITS.openPosition;
export const CLOSED_LIMIT = FINGER_LIMITS.closedPosition;
const COUNTS_PER_MM = (CLOSED_LIMIT - OPEN_LIMIT) / STROKE_MM;

/** What is between (outer) or around (inner) the fingers. */
export interface SimObject {
  widthMm: number;
  grip: 'outer' | 'inner';
}

export type ConditionFault = 'overtemperature' | 'undervoltage' | 'overcurrent';

const COMMUNICATION_WATCHDOG_MS = 1000;

export class Gripper2F85Model {
  object: SimObject | null;
  position: number = OPEN_LIMIT;
  currentA = 0;
  private readonly outputs = new Array<number>(16).fill(0);
  private state: 'reset' | 'activating' | 'active' = 'reset';
  private activationElapsed = 0;
  private moving = false;
  private objectState = 0;
  private gripping = false;
  private priorityFault = 0;
  private majorFault = 0;
  private silentMs = 0;
  private lostCommunication = false;
  private readonly conditions = new Set<ConditionFault>();

  constructor(
    private readonly activationMs = 1000,
    object: SimObject | null = null,
  ) {
    this.object = object;
  }

  setCondition(fault: ConditionFault, on: boolean): void {
    if (on) this.conditions.add(fault);
    else this.conditions.delete(fault);
    this.applyConditions();
  }

  /** The master said something: the communication watchdog starts over. */
  heard(): void {
    this.silentMs = 0;
  }

  /** Output byte table (robot → gripper), as read back with function 3. */
  outputBytes(): number[] {
    return [...this.outputs];
  }

  writeOutputs(byteOffset: number, bytes: readonly number[]): void {
    const before = this.outputs[0] ?? 0;
    const beforeMotion = this.outputs.slice(3, 6).join();
    bytes.forEach((b, i) => (this.outputs[byteOffset + i] = b & 0xff));
    // The fault 0x09 report is delivered once, then a command clears it.
    this.lostCommunication = false;
    const action = this.outputs[0] ?? 0;
    const act = (action & ACTION.rACT) !== 0;
    const gto = (action & ACTION.rGTO) !== 0;
    const actRose = act && (before & ACTION.rACT) === 0;
    const gtoRose = gto && (before & ACTION.rGTO) === 0;
    const motionChanged = beforeMotion !== this.outputs.slice(3, 6).join();

    if (!act) {
      this.state = 'reset';
      this.moving = false;
      this.gripping = false;
      this.priorityFault = gto ? 0x07 : 0;
      return;
    }
    if (actRose) {
      this.majorFault = 0;
      this.applyConditions();
      if (this.majorFault) return;
      this.state = 'activating';
      this.activationElapsed = 0;
      this.moving = false;
      this.gripping = false;
      this.priorityFault = 0;
    }
    if (this.state === 'activating') {
      if (gto) this.priorityFault = 0x05;
      return;
    }
    this.priorityFault = 0;
    if (!gto) this.moving = false;
    else if (gtoRose || motionChanged) this.startMove();
  }

  inputBytes(): number[] {
    const action = this.outputs[0] ?? 0;
    const gACT = action & ACTION.rACT ? 1 : 0;
    const gGTO = action & ACTION.rGTO ? 1 : 0;
    const gSTA = this.state === 'active' ? 3 : this.state === 'activating' ? 1 : 0;
    const gOBJ = this.state === 'active' && gGTO ? this.objectState : 0;
    const status = gACT | (gGTO << 3) | (gSTA << 4) | (gOBJ << 6);
    const bytes = new Array<number>(16).fill(0);
    bytes[0] = status;
    bytes[2] = this.faultCode();
    bytes[3] = this.outputs[3] ?? 0;
    bytes[4] = Math.max(0, Math.min(255, Math.round(this.position)));
    bytes[5] = Math.max(0, Math.min(255, Math.round(this.currentA * 100)));
    return bytes;
  }

  faultCode(): number {
    if (this.majorFault) return this.majorFault;
    if (this.conditions.has('overtemperature')) return 0x08;
    if (this.lostCommunication) return 0x09;
    return this.priorityFault;
  }

  step(dtMs: number): void {
    if (dtMs <= 0) return;
    this.applyConditions();
    if (this.state === 'active') {
      this.silentMs += dtMs;
      if (this.silentMs >= COMMUNICATION_WATCHDOG_MS) this.lostCommunication = true;
    }
    if (this.majorFault || this.conditions.has('overtemperature')) {
      // Faulted: the motor is off.
      this.moving = false;
      this.currentA = 0;
      return;
    }
    if (this.state === 'activating') this.stepActivation(dtMs);
    else if (this.state === 'active' && this.moving) this.stepMotion(dtMs);
    else if (this.gripping) this.settleCurrent(this.holdCurrent(), dtMs);
    else this.currentA = 0;
  }

  private applyConditions(): void {
    if (this.majorFault) return;
    if (this.conditions.has('undervoltage')) this.majorFault = 0x0a;
    else if (this.conditions.has('overcurrent')) this.majorFault = 0x0e;
  }

  /** Activation closes then opens the fingers to find the stroke limits. */
  private stepActivation(dtMs: number): void {
    this.activationElapsed += dtMs;
    const half = this.activationMs / 2;
    const t = this.activationElapsed;
    const span = CLOSED_LIMIT - OPEN_LIMIT;
    this.position =
      t < half
        ? OPEN_LIMIT + (span * t) / half
        : CLOSED_LIMIT - (span * Math.min(t - half, half)) / half;
    this.currentA = 0.15;
    if (t < this.activationMs) return;
    this.state = 'active';
    this.position = OPEN_LIMIT;
    this.currentA = 0;
    this.silentMs = 0;
    if ((this.outputs[0] ?? 0) & ACTION.rGTO) {
      // The delayed action now runs.
      this.priorityFault = 0;
      this.startMove();
    }
  }

  private startMove(): void {
    this.moving = true;
    this.gripping = false;
    this.objectState = 0;
  }

  private stepMotion(dtMs: number): void {
    const target = clamp(this.outputs[3] ?? 0, OPEN_LIMIT, CLOSED_LIMIT);
    const speedMmS = 20 + (130 * (this.outputs[4] ?? 0)) / 255;
    const travel = (speedMmS * COUNTS_PER_MM * dtMs) / 1000;
    const from = this.position;
    const direction = Math.sign(target - from);
    const to = direction > 0 ? Math.min(target, from + travel) : Math.max(target, from - travel);
    this.currentA = 0.05 + (0.15 * (this.outputs[4] ?? 0)) / 255;

    const contact = this.contactPosition(direction);
    if (contact !== undefined && between(contact, from, to) && contact !== target) {
      // Squeezed a little further by the force (finger pads and the object give).
      const squeeze = 1 + (3 * (this.outputs[5] ?? 0)) / 255;
      this.position = contact + direction * squeeze;
      this.moving = false;
      this.gripping = true;
      this.objectState = direction > 0 ? 2 : 1;
      return;
    }
    this.position = to;
    if (to === target) {
      this.moving = false;
      this.objectState = 3;
    }
  }

  private contactPosition(direction: number): number | undefined {
    const object = this.object;
    if (!object || direction === 0) return undefined;
    if ((object.grip === 'outer') !== direction > 0) return undefined;
    const width = clamp(object.widthMm, 0, STROKE_MM);
    return CLOSED_LIMIT - width * COUNTS_PER_MM;
  }

  /** Grip current grows with the force request (0–255 ≈ 20–235 N). */
  private holdCurrent(): number {
    return 0.1 + (0.5 * (this.outputs[5] ?? 0)) / 255;
  }

  /** First-order rise towards the holding current, as the motor winds the grip up. */
  private settleCurrent(target: number, dtMs: number): void {
    this.currentA += (target - this.currentA) * Math.min(1, dtMs / 60);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

function between(value: number, a: number, b: number): boolean {
  return value >= Math.min(a, b) && value <= Math.max(a, b);
}
