import type { ControlMode } from '../../physics/servo-physics';
import type { JointCommand, JointEnvironment } from '../../physics/simulated-joint';
import { JointServoModel, type JointServoOptions } from '../../sim-bus/joint-servo-model';
import { RegisterMemory } from '../../sim-bus/register-memory';
import type { SimulatedServo } from '../../sim-bus/simulated-bus';
import type { Dynamixel1ControlTable } from '../control-table';
import { AX_12A, DYNAMIXEL1_MODELS } from '../models';
import { Dynamixel1ErrorBit } from '../status';

/** MX P Gain → duty per rad, so the default 32 is as stiff as an XM430's 800. */
const KP_PER_UNIT = 0.144;
const KD_PER_UNIT = 0.0005;

export interface Dynamixel1ServoOptions extends JointServoOptions {
  table?: Dynamixel1ControlTable;
}

/**
 * One simulated AX or MX servo with Protocol 1.0 firmware: its control table with the firmware's
 * write rules, the same joint physics as the other simulators, and 1.0's units: AX 1024 steps
 * over 300° (centre 512) with compliance slopes, MX 4096 a turn with PID gains; speeds and loads
 * with the direction in bit 10. Voltage and temperature errors are live; an overload shuts the
 * output off (Torque Limit 0, as Alarm Shutdown does) until Torque Limit is written again.
 */
export class Dynamixel1ServoModel extends JointServoModel implements SimulatedServo {
  readonly table: Dynamixel1ControlTable;
  readonly regs: RegisterMemory;
  private readonly stepRad: number;
  private readonly centre: number;
  private readonly mx: boolean;
  private hardware = 0;
  /** Overload stays reported until Torque Limit is written again. */
  private overloadLatched = false;
  /** Alarm Shutdown fired: output held at 0 until Torque Limit is written again. */
  private shutDown = false;

  constructor(options: Dynamixel1ServoOptions) {
    const table = options.table ?? AX_12A;
    super(options, DYNAMIXEL1_MODELS.describe(table.modelNumber).ratings);
    this.table = table;
    this.mx = this.table.model.startsWith('MX-');
    const regs = this.table.registers;
    this.regs = new RegisterMemory(regs);
    this.stepRad = regs.item('presentPosition').si?.scale ?? (2 * Math.PI) / 4096;
    this.centre = ((regs.item('ccwAngleLimit').range?.max ?? 1023) + 1) / 2;
    this.regs.set('id', options.id);
    this.powerUp();
  }

  get statusReturnLevel(): number {
    return this.regs.get('statusReturnLevel');
  }

  /** The error byte for a reply: the servo's state plus the command's own error bits. */
  errorByte(command = 0): number {
    return this.hardware | command;
  }

  read(address: number, length: number): { error: number; data: Uint8Array } {
    if (address + length > this.table.registers.memorySize)
      return { error: Dynamixel1ErrorBit.Range, data: new Uint8Array(0) };
    return { error: 0, data: this.regs.read(address, length) };
  }

  /** A Write as the firmware applies it; returns the command error bits (0 = applied). */
  write(address: number, data: Uint8Array): number {
    const error = this.table.checkWrite(this.regs.memory, address, data);
    if (error) return error;
    const wasOn = this.torqueOn;
    this.regs.memory.set(data, address);
    const limit = this.table.registers.item('torqueLimit');
    if (address < limit.address + limit.size && address + data.length > limit.address) {
      this.shutDown = false;
      this.overloadLatched = false;
    }
    if (this.torqueOn && !wasOn) {
      this.regs.set('goalPosition', this.regs.get('presentPosition'));
      this.joint.holdHere();
    }
    return 0;
  }

  regWrite(address: number, data: Uint8Array): number {
    const error = this.table.checkWrite(this.regs.memory, address, data);
    if (error) return error;
    this.regs.register(address, data);
    this.regs.set('registered', 1);
    return 0;
  }

  action(): number {
    const pending = this.regs.takeRegistered();
    if (!pending) return Dynamixel1ErrorBit.Instruction;
    this.regs.set('registered', 0);
    return this.write(pending.address, pending.data);
  }

  /** Factory Reset: every item, the id included, back to its default. */
  factoryReset(): void {
    this.regs.memory = this.table.registers.initialMemory();
    this.powerUp();
  }

  /** Power off and on: EEPROM stays, RAM (Lock included) back to defaults. */
  powerCycle(): void {
    const fresh = this.table.registers.initialMemory();
    for (const item of this.table.registers.items)
      if (item.area === 'EEPROM')
        fresh.set(this.regs.memory.subarray(item.address, item.address + item.size), item.address);
    this.regs.memory = fresh;
    this.regs.takeRegistered();
    this.powerUp();
  }

  private powerUp(): void {
    this.hardware = 0;
    this.overloadLatched = false;
    this.shutDown = false;
    this.joint.clearFaultState();
    this.regs.set('torqueLimit', this.regs.get('maxTorque'));
    this.publish(this.ratings?.nominalVoltageV ?? 12);
    this.regs.set('goalPosition', this.regs.get('presentPosition'));
  }

  protected register(key: string): number {
    return this.regs.get(key);
  }

  private offset(): number {
    return this.regs.has('multiTurnOffset') ? this.regs.get('multiTurnOffset') : 0;
  }

  protected command(): JointCommand {
    const r = this.regs;
    const mode = this.table.mode(r.memory);
    const speedUnit = this.table.registers.item('movingSpeed').si?.scale ?? 0.0116;
    const speed = r.get('movingSpeed');
    const signedSpeed = (speed & 0x400 ? -1 : 1) * (speed & 0x3ff);
    const torqueMode = r.has('torqueControlModeEnable') && r.get('torqueControlModeEnable') === 1;
    let control: ControlMode = 'position';
    if (torqueMode) control = 'current';
    else if (mode === 'wheel') control = this.mx ? 'velocity' : 'pwm';
    const acc = r.has('goalAcceleration')
      ? r.get('goalAcceleration') * (this.table.registers.item('goalAcceleration').si?.scale ?? 0)
      : 0;
    const slope = r.has('cwComplianceSlope')
      ? (r.get('cwComplianceSlope') + r.get('ccwComplianceSlope')) / 2
      : 0;
    return {
      torqueOn: this.torqueOn,
      mode: control,
      goalRad: (r.get('goalPosition') - this.offset() - this.centre) * this.stepRad,
      maxVelRadS: mode === 'joint' && speed > 0 ? (speed & 0x3ff) * speedUnit : Infinity,
      maxAccRadS2: acc > 0 ? acc : Infinity,
      goalVelRadS: signedSpeed * speedUnit,
      goalCurrentA: torqueMode ? r.get('goalTorque') * 0.0045 : 0,
      goalPwm: signedSpeed / 1023,
      pwmLimit: r.get('torqueLimit') / 1023,
      currentLimitA: this.ratings?.stallCurrentA ?? Infinity,
      kp: this.mx ? r.get('pGain') * KP_PER_UNIT : 1 / (Math.max(slope, 2) * this.stepRad),
      kd: this.mx ? r.get('dGain') * KD_PER_UNIT : 0,
    };
  }

  protected protect(dt: number, env: JointEnvironment): void {
    const r = this.regs;
    const found = this.findFaults(dt, env, {
      torqueOn: this.torqueOn && !this.shutDown,
      temperatureLimitC: r.get('temperatureLimit'),
      pwmLimit: r.get('torqueLimit') / 1023,
      currentLimitA: this.ratings?.stallCurrentA ?? Infinity,
    });
    if (found.overload) this.overloadLatched = true;
    let bits = this.overloadLatched ? Dynamixel1ErrorBit.Overload : 0;
    if (found.inputVoltage) bits |= Dynamixel1ErrorBit.InputVoltage;
    if (found.overheating) bits |= Dynamixel1ErrorBit.Overheating;
    if (bits & r.get('shutdown')) this.shutDown = true;
    if (this.shutDown) r.set('torqueLimit', 0);
    this.hardware = bits;
  }

  protected publish(supplyV: number, env?: JointEnvironment): void {
    const r = this.regs;
    const p = this.joint.physics;
    const span = 2 * this.centre;
    const actual =
      Math.round(this.joint.reportedRad(this.id, env?.faults, env?.timeS) / this.stepRad) +
      this.centre;
    const present =
      this.table.mode(r.memory) === 'multi-turn'
        ? actual + this.offset()
        : Math.max(0, Math.min(span - 1, actual));
    r.set('presentPosition', present);
    const speedUnit = this.table.registers.item('presentSpeed').si?.scale ?? 0.0116;
    r.set('presentSpeed', Math.max(-1023, Math.min(1023, p.velocityRadS / speedUnit)));
    r.set('presentLoad', Math.max(-1023, Math.min(1023, p.pwm * 1023)));
    r.set('presentVoltage', supplyV * 10);
    r.set('presentTemperature', p.windingC);
    if (r.has('current')) r.set('current', 2048 + p.currentA / 0.0045);
    if (r.has('realtimeTick')) r.set('realtimeTick', Math.round((env?.timeS ?? 0) * 1000) % 32768);
    const settling = Math.abs(this.joint.trajectory.positionRad - p.sensedRad) > 2 * this.stepRad;
    r.set('moving', Math.abs(p.velocityRadS) > 0.05 || (this.torqueOn && settling) ? 1 : 0);
  }
}
