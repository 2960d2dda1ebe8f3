import { XM430_W350, type ControlTable } from '../control-table';
import { HardwareErrorBit, StatusErrorCode } from '../errors';
import { CLEAR_MULTI_TURN_KEY, FactoryResetOption } from '../protocol';
import type { FaultInjector } from '../../physics/faults';
import { BARE_SERVO, type JointLoad } from '../../physics/joint-load';
import {
  clamp,
  ServoPhysics,
  type ControlMode,
  type Disturbance,
} from '../../physics/servo-physics';
import { Trajectory } from '../../physics/trajectory';

const PULSE_RAD = (2 * Math.PI) / 4096;
const CENTRE = 2048;
const RPM_RAD_S = (0.229 * 2 * Math.PI) / 60;
const ACC_RAD_S2 = (214.577 * 2 * Math.PI) / 3600;
/** Sustained saturation for this long trips the overload error, as on the real servo. */
const OVERLOAD_TRIP_S = 1.5;

export interface ServoModelOptions {
  id: number;
  name?: string;
  load?: Partial<JointLoad>;
  ambientC?: number;
  /** Start angle, rad from the centre position. */
  startRad?: number;
  table?: ControlTable;
  firmwareVersion?: number;
}

export interface StepEnvironment {
  timeS: number;
  supplyV: number;
  ambientC: number;
  faults: FaultInjector;
}

/** Result of a read: an ERR number (0 = fine) and the bytes. */
export interface ReadOutcome {
  error: number;
  data: Uint8Array;
}

/**
 * One simulated XM430-W350: its whole control table in memory, the same write rules as the
 * firmware, and physics stepped by the bus simulator.
 */
export class ServoModel {
  readonly name: string;
  readonly table: ControlTable;
  readonly load: JointLoad;
  memory: Uint8Array;
  readonly physics: ServoPhysics;
  private readonly trajectory: Trajectory;
  private registered: { address: number; data: Uint8Array } | undefined;
  private overloadS = 0;
  private hand: number | null = null;
  private encoderOffsetRad = 0;
  private readonly firmwareVersion: number;

  constructor(options: ServoModelOptions) {
    this.table = options.table ?? XM430_W350;
    this.name = options.name ?? `servo${options.id}`;
    this.load = { ...BARE_SERVO, ...options.load };
    this.firmwareVersion = options.firmwareVersion ?? 46;
    const start = options.startRad ?? 0;
    this.physics = new ServoPhysics(this.load, start, options.ambientC ?? 25);
    this.trajectory = new Trajectory(start);
    this.memory = this.freshMemory();
    this.set('id', options.id);
    this.set('goalPosition', this.rawPosition(start));
    this.publish(12);
  }

  get id(): number {
    return this.get('id');
  }

  get hardwareError(): number {
    return this.get('hardwareErrorStatus');
  }

  get torqueOn(): boolean {
    return this.get('torqueEnable') === 1;
  }

  /** ERR byte for status packets: Alert while a hardware error is latched. */
  statusError(code = 0): number {
    return (this.hardwareError ? 0x80 : 0) | code;
  }

  get returnDelayS(): number {
    return this.get('returnDelayTime') * 2e-6;
  }

  get statusReturnLevel(): number {
    return this.get('statusReturnLevel');
  }

  get supplyCurrentA(): number {
    return this.physics.supplyCurrentA;
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

  /** Moves the joint by hand (rad from centre) while torque is off; null lets go. */
  setExternalHand(rad: number | null): void {
    this.hand = rad;
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
      this.trajectory.reset(this.physics.sensedRad);
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
    this.overloadS = 0;
    this.encoderOffsetRad = 0;
    this.set('goalPosition', this.rawPosition(this.physics.angleRad));
    this.trajectory.reset(this.physics.angleRad);
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
    this.trajectory.reset(this.physics.sensedRad);
    return 0;
  }

  step(dt: number, env: StepEnvironment): void {
    const { faults, timeS } = env;
    const id = this.id;
    const mode = this.controlMode();
    const goalRad = (this.get('goalPosition') - this.get('homingOffset') - CENTRE) * PULSE_RAD;
    const profileVel = this.get('profileVelocity') * RPM_RAD_S;
    const velLimit = this.get('velocityLimit') * RPM_RAD_S;
    const profileAcc = this.get('profileAcceleration');
    if (this.torqueOn && mode === 'position') {
      this.trajectory.step(
        goalRad,
        profileVel > 0 ? Math.min(profileVel, velLimit || Infinity) : velLimit,
        profileAcc > 0 ? profileAcc * ACC_RAD_S2 : Infinity,
        dt,
      );
    } else if (!this.torqueOn) {
      this.trajectory.reset(this.physics.sensedRad);
    }
    const currentUnitA = 0.00269;
    this.physics.step(
      dt,
      {
        torqueOn: this.torqueOn,
        mode,
        targetRad: this.trajectory.positionRad,
        targetVelRadS:
          mode === 'velocity' ? this.get('goalVelocity') * RPM_RAD_S : this.trajectory.velocityRadS,
        goalCurrentA: this.get('goalCurrent') * currentUnitA,
        goalPwm: this.get('goalPwm') / 885,
        pwmLimit: this.get('pwmLimit') / 885,
        currentLimitA: this.get('currentLimit') * currentUnitA,
        kp: this.get('positionPGain') * 0.005755,
        kd: this.get('positionDGain') * 0.0005,
      },
      this.disturbance(faults, id, timeS),
      env.supplyV,
      env.ambientC,
    );
    this.detectFaults(dt, env);
    this.publish(env.supplyV, faults, timeS);
  }

  private disturbance(faults: FaultInjector, id: number, t: number): Disturbance {
    const p = this.physics;
    const opposing = -Math.sign(p.velocityRadS || p.pwm || 1);
    const collisionAge = faults.age('collision', id, t);
    const collision =
      collisionAge >= 0 && collisionAge < 0.15
        ? faults.level('collision', id, t) * 4 * opposing
        : 0;
    const stall = faults.level('overload', id, t) * 6;
    const wearAge = faults.age('wear', id, t);
    const wear = wearAge >= 0 ? faults.level('wear', id, t) * Math.min(1, 0.1 + wearAge / 60) : 0;
    return {
      torqueNm: collision,
      extraFrictionNm: stall + 0.3 * wear,
      extraHeatW: faults.level('overheating', id, t) * 8,
      backlashRad: 0.03 * wear,
      handRad: this.hand,
    };
  }

  /** Latches Hardware Error Status bits; the bits named in Shutdown (63) also drop torque. */
  private detectFaults(dt: number, env: StepEnvironment): void {
    const p = this.physics;
    let bits = 0;
    if (p.windingC >= this.get('temperatureLimit')) bits |= HardwareErrorBit.Overheating;
    const volts = env.supplyV * 10;
    if (volts < this.get('minVoltageLimit') || volts > this.get('maxVoltageLimit'))
      bits |= HardwareErrorBit.InputVoltage;
    const limitA = this.get('currentLimit') * 0.00269;
    const saturated =
      this.torqueOn &&
      (Math.abs(p.pwm) >= 0.97 * (this.get('pwmLimit') / 885) ||
        Math.abs(p.currentA) >= 0.97 * limitA);
    this.overloadS =
      saturated && Math.abs(p.velocityRadS) < 0.5
        ? this.overloadS + dt
        : Math.max(0, this.overloadS - dt);
    if (this.overloadS >= OVERLOAD_TRIP_S) bits |= HardwareErrorBit.Overload;
    const encoder = env.faults.level('encoder_fault', this.id, env.timeS);
    if (encoder >= 0.5) bits |= HardwareErrorBit.MotorEncoder;
    if (bits === 0) return;
    const latched = this.hardwareError | bits;
    this.set('hardwareErrorStatus', latched);
    if (latched & this.get('shutdown')) this.set('torqueEnable', 0);
  }

  /** Copies the physical state into the Present… registers. */
  private publish(supplyV: number, faults?: FaultInjector, timeS = 0): void {
    const p = this.physics;
    const encoder = faults ? faults.level('encoder_fault', this.id, timeS) : 0;
    if (encoder > 0 && faults && faults.random.next() < 0.05 * encoder) {
      this.encoderOffsetRad = faults.random.gaussian() * encoder * 0.5;
    } else if (encoder === 0) {
      this.encoderOffsetRad = 0;
    }
    const sensed = p.sensedRad + this.encoderOffsetRad;
    this.set('presentPosition', this.rawPosition(sensed));
    this.set('presentVelocity', Math.round(p.velocityRadS / RPM_RAD_S));
    this.set('presentCurrent', clamp(Math.round(p.currentA / 0.00269), -32768, 32767));
    this.set('presentPwm', Math.round(p.pwm * 885));
    this.set('velocityTrajectory', Math.round(this.trajectory.velocityRadS / RPM_RAD_S));
    this.set('positionTrajectory', this.rawPosition(this.trajectory.positionRad));
    this.set('presentInputVoltage', clamp(Math.round(supplyV * 10), 0, 65535));
    this.set('presentTemperature', clamp(Math.round(p.windingC), 0, 255));
    this.set('realtimeTick', Math.round(timeS * 1000) % 32768);
    const moving = Math.abs(p.velocityRadS) > this.get('movingThreshold') * RPM_RAD_S;
    this.set('moving', moving ? 1 : 0);
    const inPosition = Math.abs(this.trajectory.positionRad - p.sensedRad) < 20 * PULSE_RAD;
    const profiling = this.trajectory.velocityRadS !== 0;
    this.set('movingStatus', (inPosition ? 1 : 0) | (profiling ? 2 : 0));
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
