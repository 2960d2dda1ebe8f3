import { XM430_W350, type ControlTable } from '../control-table';
import { HardwareErrorBit, StatusErrorCode } from '../errors';
import { CLEAR_MULTI_TURN_KEY, FactoryResetOption } from '../protocol';
import type { ServoRatings } from '../../catalog/servo-ratings';
import { DYNAMIXEL2_MODELS } from '../x-series-models';
import type { JointCommand, JointEnvironment } from '../../physics/simulated-joint';
import { clamp, type ControlMode } from '../../physics/servo-physics';
import { JointServoModel, type JointServoOptions } from '../../sim-bus/joint-servo-model';

const PULSE_RAD = (2 * Math.PI) / 4096;
const CENTRE = 2048;
const RPM_RAD_S = (0.229 * 2 * Math.PI) / 60;
const ACC_RAD_S2 = (214.577 * 2 * Math.PI) / 3600;

export interface ServoModelOptions extends JointServoOptions {
  /** Any X-series table; its model's ratings give the motor (default XM430-W350). */
  table?: ControlTable;
  /** Overrides the catalog's ratings for the table's model. */
  ratings?: ServoRatings;
  firmwareVersion?: number;
}

export type StepEnvironment = JointEnvironment;

/** Result of a read: an ERR number (0 = fine) and the bytes. */
export interface ReadOutcome {
  error: number;
  data: Uint8Array;
}

/**
 * One simulated Dynamixel X-series servo (XM430-W350 unless another table is given): its whole
 * control table in memory, the same write rules as the firmware, and physics stepped by the bus
 * simulator. Units come from the table, the motor from the model's ratings; models without
 * current sensing (XL430, XC430) report Present Load instead.
 */
export class ServoModel extends JointServoModel {
  readonly table: ControlTable;
  memory: Uint8Array;
  private registered: { address: number; data: Uint8Array } | undefined;
  private readonly firmwareVersion: number;
  /** A of one Present/Goal Current step; null on load-only models. */
  private readonly currentUnitA: number | null;
  private readonly pwmFull: number;

  constructor(options: ServoModelOptions) {
    const table = options.table ?? XM430_W350;
    super(options, options.ratings ?? DYNAMIXEL2_MODELS.describe(table.modelNumber).ratings);
    this.table = table;
    this.firmwareVersion = options.firmwareVersion ?? 46;
    this.currentUnitA = this.table.find('presentCurrent')?.si?.scale ?? null;
    this.pwmFull = this.table.item('pwmLimit').range?.max ?? 885;
    this.memory = this.freshMemory();
    this.set('id', options.id);
    this.set('goalPosition', this.rawPosition(options.startRad ?? 0));
    this.publish(12);
  }

  get hardwareError(): number {
    return this.get('hardwareErrorStatus');
  }

  /** ERR byte for status packets: Alert while a hardware error is latched. */
  statusError(code = 0): number {
    return (this.hardwareError ? 0x80 : 0) | code;
  }

  get statusReturnLevel(): number {
    return this.get('statusReturnLevel');
  }

  get(key: string): number {
    const item = this.table.item(key);
    return this.table.decode(item, this.memory, item.address);
  }

  /** Internal update that bypasses the write rules (the firmware updating its own registers). */
  set(key: string, raw: number): void {
    const item = this.table.item(key);
    this.memory.set(this.table.encode(item, raw), item.address);
  }

  read(address: number, length: number): ReadOutcome {
    if (length === 0 || address + length > this.memory.length)
      return { error: StatusErrorCode.AccessError, data: new Uint8Array(0) };
    return { error: 0, data: this.memory.slice(address, address + length) };
  }

  /** Applies a Write exactly as the firmware would; returns the ERR number (0 = accepted). */
  write(address: number, data: Uint8Array): number {
    const check = this.table.checkWrite(address, data, (key) => this.get(key));
    if (!check.ok) return check.code;
    const torqueItem = this.table.item('torqueEnable');
    const touchesTorque =
      address <= torqueItem.address && address + data.length > torqueItem.address;
    const torqueWanted = touchesTorque ? data[torqueItem.address - address] : undefined;
    if (torqueWanted === 1 && this.hardwareError !== 0) return StatusErrorCode.ResultFail;
    const wasOn = this.torqueOn;
    this.memory.set(data, address);
    if (torqueWanted === 1 && !wasOn) {
      // Enabling torque holds the present position instead of jumping to an old goal.
      this.set('goalPosition', this.get('presentPosition'));
      this.joint.holdHere();
    }
    return 0;
  }

  regWrite(address: number, data: Uint8Array): number {
    const check = this.table.checkWrite(address, data, (key) => this.get(key));
    if (!check.ok) return check.code;
    this.registered = { address, data };
    this.set('registeredInstruction', 1);
    return 0;
  }

  action(): number {
    const pending = this.registered;
    if (!pending) return StatusErrorCode.InstructionError;
    this.registered = undefined;
    this.set('registeredInstruction', 0);
    return this.write(pending.address, pending.data);
  }

  /** Reboot: RAM back to defaults, hardware error cleared, torque off; EEPROM and the shaft stay. */
  reboot(): void {
    const eepromEnd = this.table.torqueEnableAddress;
    const fresh = this.freshMemory();
    fresh.set(this.memory.subarray(0, eepromEnd), 0);
    this.memory = fresh;
    this.registered = undefined;
    this.joint.clearFaultState();
    this.set('goalPosition', this.rawPosition(this.physics.angleRad));
    this.publish(12);
  }

  factoryReset(option: number): number {
    if (this.torqueOn) return StatusErrorCode.AccessError;
    const id = this.get('id');
    const baud = this.get('baudRate');
    this.memory = this.freshMemory();
    if (option === FactoryResetOption.KeepId || option === FactoryResetOption.KeepIdAndBaud)
      this.set('id', id);
    if (option === FactoryResetOption.KeepIdAndBaud) this.set('baudRate', baud);
    this.reboot();
    return 0;
  }

  /** Clear 0x01: fold a multi-turn position back into one turn; only while standing still. */
  clear(params: Uint8Array): number {
    const keyOk = params[0] === 0x01 && CLEAR_MULTI_TURN_KEY.every((b, i) => params[i + 1] === b);
    if (!keyOk) return StatusErrorCode.DataRangeError;
    if (Math.abs(this.physics.velocityRadS) > 0.01) return StatusErrorCode.ResultFail;
    const turn = 2 * Math.PI;
    const shift = Math.floor((this.physics.angleRad + Math.PI) / turn) * turn;
    this.physics.angleRad -= shift;
    this.physics.sensedRad -= shift;
    this.joint.holdHere();
    return 0;
  }

  protected register(key: string): number {
    return this.get(key);
  }

  /** The registers as the firmware's controller reads them this step. */
  protected command(): JointCommand {
    const mode = this.controlMode();
    const profileVel = this.get('profileVelocity') * RPM_RAD_S;
    const velLimit = this.get('velocityLimit') * RPM_RAD_S;
    const profileAcc = this.get('profileAcceleration');
    return {
      torqueOn: this.torqueOn,
      mode,
      goalRad: (this.get('goalPosition') - this.get('homingOffset') - CENTRE) * PULSE_RAD,
      maxVelRadS: profileVel > 0 ? Math.min(profileVel, velLimit || Infinity) : velLimit,
      maxAccRadS2: profileAcc > 0 ? profileAcc * ACC_RAD_S2 : Infinity,
      goalVelRadS: this.get('goalVelocity') * RPM_RAD_S,
      goalCurrentA: this.currentUnitA ? this.get('goalCurrent') * this.currentUnitA : 0,
      goalPwm: this.get('goalPwm') / this.pwmFull,
      pwmLimit: this.get('pwmLimit') / this.pwmFull,
      currentLimitA: this.currentLimitA(),
      kp: this.get('positionPGain') * 0.005755,
      kd: this.get('positionDGain') * 0.0005,
    };
  }

  /** Current Limit (38) where the model has one; else the stall current bounds it. */
  private currentLimitA(): number {
    if (this.currentUnitA && this.table.find('currentLimit'))
      return this.get('currentLimit') * this.currentUnitA;
    return this.ratings?.stallCurrentA ?? Infinity;
  }

  /** Latches Hardware Error Status bits; the bits named in Shutdown (63) also drop torque. */
  protected protect(dt: number, env: StepEnvironment): void {
    const found = this.findFaults(dt, env, {
      torqueOn: this.torqueOn,
      temperatureLimitC: this.get('temperatureLimit'),
      pwmLimit: this.get('pwmLimit') / this.pwmFull,
      currentLimitA: this.currentLimitA(),
    });
    let bits = 0;
    if (found.overheating) bits |= HardwareErrorBit.Overheating;
    if (found.inputVoltage) bits |= HardwareErrorBit.InputVoltage;
    if (found.overload) bits |= HardwareErrorBit.Overload;
    if (found.encoder) bits |= HardwareErrorBit.MotorEncoder;
    if (bits === 0) return;
    const latched = this.hardwareError | bits;
    this.set('hardwareErrorStatus', latched);
    if (latched & this.get('shutdown')) this.set('torqueEnable', 0);
  }

  /** Copies the physical state into the Present… registers. */
  protected publish(supplyV: number, env?: StepEnvironment): void {
    const faults = env?.faults;
    const timeS = env?.timeS ?? 0;
    const p = this.physics;
    const trajectory = this.joint.trajectory;
    this.set('presentPosition', this.rawPosition(this.joint.reportedRad(this.id, faults, timeS)));
    this.set('presentVelocity', Math.round(p.velocityRadS / RPM_RAD_S));
    if (this.currentUnitA)
      this.set('presentCurrent', clamp(Math.round(p.currentA / this.currentUnitA), -32768, 32767));
    else if (this.table.find('presentLoad'))
      this.set(
        'presentLoad',
        clamp(Math.round((p.currentA / this.stallCurrentA()) * 1000), -1000, 1000),
      );
    this.set('presentPwm', Math.round(p.pwm * this.pwmFull));
    this.set('velocityTrajectory', Math.round(trajectory.velocityRadS / RPM_RAD_S));
    this.set('positionTrajectory', this.rawPosition(trajectory.positionRad));
    this.set('presentInputVoltage', clamp(Math.round(supplyV * 10), 0, 65535));
    this.set('presentTemperature', clamp(Math.round(p.windingC), 0, 255));
    this.set('realtimeTick', Math.round(timeS * 1000) % 32768);
    const moving = Math.abs(p.velocityRadS) > this.get('movingThreshold') * RPM_RAD_S;
    this.set('moving', moving ? 1 : 0);
    const inPosition = Math.abs(trajectory.positionRad - p.sensedRad) < 20 * PULSE_RAD;
    const profiling = trajectory.velocityRadS !== 0;
    this.set('movingStatus', (inPosition ? 1 : 0) | (profiling ? 2 : 0));
  }

  private stallCurrentA(): number {
    return this.ratings?.stallCurrentA ?? 1;
  }

  private rawPosition(rad: number): number {
    return Math.round(rad / PULSE_RAD) + CENTRE + this.get('homingOffset');
  }

  private controlMode(): ControlMode {
    switch (this.get('operatingMode')) {
      case 0:
        return 'current';
      case 1:
        return 'velocity';
      case 16:
        return 'pwm';
      default:
        return 'position';
    }
  }

  private freshMemory(): Uint8Array {
    const memory = this.table.initialMemory();
    const fw = this.table.find('firmwareVersion');
    if (fw) memory[fw.address] = this.firmwareVersion;
    return memory;
  }
}
