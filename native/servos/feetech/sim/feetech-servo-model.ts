import type { ServoRatings, VoltageVariant } from '../../catalog/servo-ratings';
import type { ControlMode } from '../../physics/servo-physics';
import type { JointCommand, JointEnvironment } from '../../physics/simulated-joint';
import { JointServoModel, type JointServoOptions } from '../../sim-bus/joint-servo-model';
import { RegisterMemory } from '../../sim-bus/register-memory';
import type { SimulatedServo } from '../../sim-bus/simulated-bus';
import type { FeetechControlTable } from '../control-table';
import { FEETECH_MODELS, STS3215 } from '../models';
import { FeetechStatusBit } from '../status';

/** P Coefficient → duty per rad, so the STS3215's default 32 is as stiff as an XM430's 800. */
const KP_PER_UNIT = 0.144;
const KD_PER_UNIT = 0.0005;

export interface FeetechServoOptions extends JointServoOptions {
  table?: FeetechControlTable;
  /** Which winding (STS3215: "7.4 V…" or "12 V…"); default the catalog's ratings. */
  variant?: string;
}

/**
 * One simulated Feetech STS or SCS servo: its memory table with Feetech's rules (read-only bytes
 * ignored, EEPROM kept across a power cycle only while Lock is 0, no command errors), the same
 * joint physics as the Dynamixel simulators, and its units: 4096 steps a turn with the sign in
 * bit 15 on STS, 1024 steps over 300° on SCS; Present = actual − Homing Offset (STS).
 */
export class FeetechServoModel extends JointServoModel implements SimulatedServo {
  readonly table: FeetechControlTable;
  readonly regs: RegisterMemory;
  /** The EEPROM as it would come back after power-off. */
  private flash: Uint8Array;
  private readonly stepRad: number;
  private readonly centre: number;
  private readonly span: number;
  private latched = 0;
  private overCurrentS = 0;

  constructor(options: FeetechServoOptions) {
    const table = options.table ?? STS3215;
    super(
      options,
      withVariant(FEETECH_MODELS.describe(table.modelNumber).ratings, options.variant),
    );
    this.table = table;
    const regs = this.table.registers;
    this.regs = new RegisterMemory(regs);
    this.stepRad = regs.item('presentPosition').si?.scale ?? (2 * Math.PI) / 4096;
    this.span =
      (regs.item(this.table.series === 'sts' ? 'maxPositionLimit' : 'maxAngleLimit').range?.max ??
        4095) + 1;
    this.centre = this.span / 2;
    this.regs.set('id', options.id);
    this.flash = this.regs.memory.slice();
    this.powerUp(this.ratings?.nominalVoltageV ?? 12);
  }

  get responseLevel(): number {
    return this.regs.get('responseStatusLevel');
  }

  /** The status byte every reply carries (= Status, 65). */
  get status(): number {
    return this.regs.get('status');
  }

  read(address: number, length: number): Uint8Array {
    return this.regs.read(address, length);
  }

  /** A Write as the firmware applies it. */
  write(address: number, data: Uint8Array): void {
    const plan = this.table.planWrite(address, data);
    const persist = this.regs.get('lock') === 0;
    const wasOn = this.torqueOn;
    for (const span of plan.spans) this.regs.memory.set(span.data, span.address);
    if (persist)
      for (const item of plan.eeprom)
        this.flash.set(
          this.regs.memory.subarray(item.address, item.address + item.size),
          item.address,
        );
    this.afterWrite(wasOn);
  }

  regWrite(address: number, data: Uint8Array): void {
    this.regs.register(address, data);
    this.regs.set('asyncWriteFlag', 1);
  }

  action(): void {
    const pending = this.regs.takeRegistered();
    this.regs.set('asyncWriteFlag', 0);
    if (pending) this.write(pending.address, pending.data);
  }

  /** Reset (0x06): factory values, id and baud included, in RAM and in flash. */
  factoryReset(): void {
    this.regs.memory = this.table.registers.initialMemory();
    this.flash = this.regs.memory.slice();
    this.powerUp(this.regs.get('presentVoltage') / 10);
  }

  /** Power off and on: EEPROM from flash, RAM from defaults, torque off, holding nothing. */
  powerCycle(): void {
    const eeprom = this.table.registers.items.filter((i) => i.area === 'EEPROM');
    const fresh = this.table.registers.initialMemory();
    for (const item of eeprom)
      fresh.set(this.flash.subarray(item.address, item.address + item.size), item.address);
    this.regs.memory = fresh;
    this.regs.takeRegistered();
    this.powerUp(this.ratings?.nominalVoltageV ?? 12);
  }

  private powerUp(supplyV: number): void {
    this.latched = 0;
    this.overCurrentS = 0;
    this.joint.clearFaultState();
    this.publish(supplyV);
    this.regs.set('goalPosition', this.regs.get('presentPosition'));
  }

  protected register(key: string): number {
    return this.regs.get(key);
  }

  private afterWrite(wasOn: boolean): void {
    const torque = this.regs.get('torqueEnable');
    if (torque === 128 && this.regs.has('homingOffset')) {
      // "Calibrate middle": the present position becomes 2048, kept in EEPROM.
      const actual = this.rawActual(this.joint.physics.sensedRad);
      this.regs.set('homingOffset', actual - this.centre);
      const item = this.table.registers.item('homingOffset');
      this.flash.set(
        this.regs.memory.subarray(item.address, item.address + item.size),
        item.address,
      );
      this.regs.set('torqueEnable', 0);
    }
    if (this.torqueOn && !wasOn) {
      this.latched = 0;
      this.joint.holdHere();
    }
  }

  protected command(): JointCommand {
    const r = this.regs;
    const mode = this.mode();
    const goalRaw = this.clampGoal(r.get('goalPosition'));
    const offset = r.has('homingOffset') ? r.get('homingOffset') : 0;
    const goalRad = (goalRaw + offset - this.centre) * this.stepRad;
    const maxVel = r.has('maximumVelocityLimit')
      ? r.get('maximumVelocityLimit') * 50 * this.stepRad
      : Infinity;
    const speed = Math.abs(r.get('goalVelocity')) * this.stepRad;
    const runMs = r.has('runningTime') ? r.get('runningTime') : 0;
    const distance = Math.abs(goalRad - this.joint.trajectory.positionRad);
    const byTime = runMs > 0 ? distance / (runMs / 1000) : Infinity;
    const accMax = r.has('maximumAcceleration')
      ? r.get('maximumAcceleration') * 100 * this.stepRad
      : Infinity;
    const acc = r.get('acceleration') * 100 * this.stepRad;
    const pwmLimit = this.pwmLimit();
    return {
      torqueOn: this.torqueOn,
      mode,
      goalRad,
      maxVelRadS: Math.min(speed > 0 ? speed : byTime, maxVel),
      maxAccRadS2: acc > 0 ? Math.min(acc, accMax) : accMax,
      goalVelRadS: r.get('goalVelocity') * this.stepRad,
      goalCurrentA: 0,
      goalPwm: r.has('goalTime') ? r.get('goalTime') / 1000 : 0,
      pwmLimit,
      currentLimitA: this.currentLimitA(),
      kp: r.get('pCoefficient') * KP_PER_UNIT,
      kd: r.get('dCoefficient') * KD_PER_UNIT,
    };
  }

  private mode(): ControlMode {
    const mode = this.regs.has('operatingMode') ? this.regs.get('operatingMode') : 0;
    return mode === 1 ? 'velocity' : mode === 2 ? 'pwm' : 'position';
  }

  /** Position limits bind unless both are 0 (multi-turn). */
  private clampGoal(goal: number): number {
    const minKey = this.regs.has('minPositionLimit') ? 'minPositionLimit' : 'minAngleLimit';
    const maxKey = this.regs.has('maxPositionLimit') ? 'maxPositionLimit' : 'maxAngleLimit';
    const lo = this.regs.get(minKey);
    const hi = this.regs.get(maxKey);
    if (lo === 0 && hi === 0) return goal;
    return Math.max(lo, Math.min(hi, goal));
  }

  /** Torque Limit (48) on STS; SCS has only its EEPROM Max Torque (16). */
  private pwmLimit(): number {
    return (
      (this.regs.has('torqueLimit') ? this.regs.get('torqueLimit') : this.regs.get('maxTorque')) /
      1000
    );
  }

  private currentLimitA(): number {
    if (this.regs.has('protectionCurrent')) return this.regs.get('protectionCurrent') * 0.0065;
    return this.ratings?.stallCurrentA ?? Infinity;
  }

  /** Status bits; those named in Unloading Condition (19) drop torque and stay until it is re-enabled. */
  protected protect(dt: number, env: JointEnvironment): void {
    const r = this.regs;
    const found = this.findFaults(dt, env, {
      torqueOn: this.torqueOn,
      temperatureLimitC: r.get('maxTemperatureLimit'),
      pwmLimit: this.pwmLimit(),
      currentLimitA: this.currentLimitA(),
    });
    const limitA = this.currentLimitA();
    const overCurrentTripS = r.has('overCurrentProtectionTime')
      ? r.get('overCurrentProtectionTime') * 0.01
      : Infinity;
    this.overCurrentS =
      this.torqueOn && Math.abs(this.joint.physics.currentA) >= 0.97 * limitA
        ? this.overCurrentS + dt
        : 0;
    if (found.overload) this.latched |= FeetechStatusBit.Overload;
    if (this.overCurrentS >= overCurrentTripS) this.latched |= FeetechStatusBit.Current;
    let status = this.latched;
    if (found.inputVoltage) status |= FeetechStatusBit.Voltage;
    if (found.overheating) status |= FeetechStatusBit.Temperature;
    if (found.encoder) status |= FeetechStatusBit.Sensor;
    // A condition that unloads the servo stays reported until torque is enabled again, even once
    // it has passed (a servo cooling with torque off still says why it let go).
    const unloading = status & r.get('unloadingCondition');
    this.latched |= unloading;
    r.set('status', status);
    if (unloading && this.torqueOn) r.set('torqueEnable', 0);
  }

  private rawActual(rad: number): number {
    return Math.round(rad / this.stepRad) + this.centre;
  }

  protected publish(supplyV: number, env?: JointEnvironment): void {
    const r = this.regs;
    const p = this.joint.physics;
    const offset = r.has('homingOffset') ? r.get('homingOffset') : 0;
    let present = this.rawActual(this.joint.reportedRad(this.id, env?.faults, env?.timeS)) - offset;
    const phase = r.has('phase') ? r.get('phase') : 0;
    // Angle feedback mode (Phase bit 4) 0: single-turn positions wrap into one turn.
    if (this.table.series === 'sts' && (phase & 0x10) === 0)
      present = ((present % this.span) + this.span) % this.span;
    else present = Math.max(0, Math.min(this.span - 1, present));
    r.set('presentPosition', present);
    r.set('presentVelocity', p.velocityRadS / this.stepRad);
    r.set('presentLoad', p.pwm * 1000);
    r.set('presentVoltage', supplyV * 10);
    r.set('presentTemperature', p.windingC);
    if (r.has('presentCurrent')) r.set('presentCurrent', Math.abs(p.currentA) / 0.0065);
    if (r.has('targetPosition')) r.set('targetPosition', r.get('goalPosition'));
    const threshold = r.has('movingVelocityThreshold')
      ? r.get('movingVelocityThreshold') * 50 * this.stepRad
      : 0.05;
    r.set('moving', Math.abs(p.velocityRadS) > threshold ? 1 : 0);
  }
}

function withVariant(
  ratings: ServoRatings | null,
  variant: string | undefined,
): ServoRatings | null {
  if (!ratings || !variant) return ratings;
  const v: VoltageVariant | undefined = ratings.variants?.find((x) => x.name.startsWith(variant));
  if (!v)
    throw new Error(
      `Unknown voltage variant "${variant}". Known: ${(ratings.variants ?? []).map((x) => x.name).join(', ')}.`,
    );
  const { name: _name, ...electrical } = v;
  return { ...ratings, ...electrical };
}
