/**
 * What runs inside the servo: the 1 kHz position loop (PID on its own encoder reading, with a
 * velocity estimate from encoder differences), the current limiter, and the protections that set
 * Hardware Error Status bits (Dynamixel layout) exactly once, latched until a reboot:
 * - input voltage: the filtered supply outside the firmware's limits for 100 ms;
 * - overheating: the servo's own temperature sensor, read in whole degrees, at its limit;
 * - motor encoder: three readings within 2 s that jump further than the shaft could move;
 * - electrical shock: the supply collapsing below 80 % of the minimum (insufficient power);
 * - overload: an I²t integrator on the measured current above 60 % of stall current, which trips
 *   after about 1.7 s at stall, and after tens of seconds of a joint stalling now and then.
 * The bits in the family's shutdown mask drop torque.
 */
import { HW_BIT } from '../../telemetry';
import type { ServoRatings } from './servo-ratings';

const VELOCITY_WINDOW = 16;
const OVERLOAD_CONTINUOUS_FRACTION = 0.6;
const OVERLOAD_TRIP = 3;
const ENCODER_JUMP_RAD = 0.25;
const ENCODER_STRIKES = 3;
const ENCODER_STRIKE_WINDOW_S = 2;
const VOLTAGE_TAU_S = 0.05;
const VOLTAGE_HOLD_S = 0.1;

export class ServoFirmware {
  hwError = 0;
  torqueEnabled = true;
  goalRad: number;
  /** Current limit in force (A): the gripper lowers it while it grasps. */
  currentLimitA: number;
  /** Latest encoder reading (rad, quantised) and the velocity estimate (rad/s). */
  readingRad: number;
  velocityRadS = 0;
  /** When each bit first latched (s), for the ground truth. */
  readonly tripS = new Map<number, number>();
  private integral = 0;
  private lastTerminalV = 0;
  private readonly history: Float64Array;
  private historyAt = 0;
  private overloadAcc = 0;
  private voltageF: number;
  private voltageBadS = 0;
  private strikes: number[] = [];
  private readonly gainScale: number;

  constructor(
    readonly r: ServoRatings,
    startRad: number,
    gainScale: number,
  ) {
    this.goalRad = startRad;
    this.readingRad = startRad;
    this.currentLimitA = r.currentLimitA;
    this.history = new Float64Array(VELOCITY_WINDOW).fill(startRad);
    this.voltageF = r.supplyV;
    this.gainScale = gainScale;
  }

  /** Takes a new encoder reading (true angle + fault offset + noise, quantised by the caller). */
  sense(h: number, tS: number, readingRad: number): void {
    const jump = Math.abs(readingRad - this.readingRad);
    if (jump > ENCODER_JUMP_RAD && this.r.encoderAlarm) {
      this.strikes.push(tS);
      this.strikes = this.strikes.filter((s) => tS - s <= ENCODER_STRIKE_WINDOW_S);
      if (this.strikes.length >= ENCODER_STRIKES) this.trip(HW_BIT.motorEncoder, tS);
    }
    this.readingRad = readingRad;
    const oldest = this.history[this.historyAt] ?? readingRad;
    this.history[this.historyAt] = readingRad;
    this.historyAt = (this.historyAt + 1) % VELOCITY_WINDOW;
    const raw = (readingRad - oldest) / (VELOCITY_WINDOW * h);
    this.velocityRadS += (raw - this.velocityRadS) * 0.2;
  }

  /**
   * PWM duty for this millisecond, within the PWM limit and within the duty that would push the
   * winding current past the current limit. The driver knows its own last duty and measures the
   * winding current, so it estimates the back-EMF as u − R·i and bounds the duty around it.
   */
  control(servoV: number, currentA: number, resistanceOhm: number, h: number): number {
    if (!this.torqueEnabled) {
      this.integral = 0;
      this.lastTerminalV = 0;
      return 0;
    }
    const m = this.r.sim;
    const g = this.gainScale;
    const error = this.goalRad - this.readingRad;
    this.integral = clamp(this.integral + error * h, -0.3, 0.3);
    const wanted = g * (m.kp * error + m.ki * this.integral - m.kd * this.velocityRadS);
    const v = Math.max(servoV, 0.5);
    const emf = this.lastTerminalV - resistanceOhm * currentA;
    const limit = this.currentLimitA * resistanceOhm;
    const duty = clamp(clamp(wanted, (emf - limit) / v, (emf + limit) / v), -1, 1);
    this.lastTerminalV = duty * v;
    return duty;
  }

  /** Protections after the physics step. */
  protect(h: number, tS: number, servoV: number, currentA: number, sensorC: number): void {
    const r = this.r;
    this.voltageF += (servoV - this.voltageF) * (1 - Math.exp(-h / VOLTAGE_TAU_S));
    const outside = this.voltageF < r.minVoltageLimitV || this.voltageF > r.maxVoltageLimitV;
    this.voltageBadS = outside ? this.voltageBadS + h : 0;
    if (this.voltageBadS >= VOLTAGE_HOLD_S) this.trip(HW_BIT.inputVoltage, tS);
    if (this.voltageF < 0.8 * r.minVoltageLimitV) this.trip(HW_BIT.electricalShock, tS);
    if (Math.round(sensorC) >= r.temperatureLimitC) this.trip(HW_BIT.overheating, tS);
    const continuous = OVERLOAD_CONTINUOUS_FRACTION * r.stallCurrentA;
    const ratio = currentA / continuous;
    this.overloadAcc = Math.max(0, this.overloadAcc + (ratio * ratio - 1) * h);
    if (this.overloadAcc >= OVERLOAD_TRIP) this.trip(HW_BIT.overload, tS);
  }

  private trip(bit: number, tS: number): void {
    if (this.hwError & bit) return;
    this.hwError |= bit;
    this.tripS.set(bit, tS);
    if (this.hwError & this.r.shutdownMask) this.torqueEnabled = false;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
