/**
 * One servo of the second simulator: the firmware driving an H-bridge from the bus, the DC motor,
 * the two-mass drivetrain and the thermal network, stepped together at 1 ms (the thermal network
 * every 10 ms on the mean powers of those steps), and the registers the host reads back, with each
 * family's units, resolution and sensor noise.
 */
import type { ChannelReadings } from '../../../domain/telemetry';
import { DcMotor } from './dc-motor';
import { Drivetrain } from './drivetrain';
import type { Xoshiro128 } from './random';
import { ServoFirmware } from './servo-firmware';
import { motorConstants, type MotorConstants, type ServoRatings } from './servo-ratings';
import { ThermalNetwork } from './thermal-network';

export const PHYSICS_STEP_S = 0.001;
const THERMAL_EVERY = 10;
/** Bridge conduction loss as a fraction of the copper loss; it heats the case. */
const BRIDGE_LOSS_SHARE = 0.08;

/** What the host reads back from a servo: one value per telemetry channel. */
export type ServoRegisters = ChannelReadings;

export class ServoUnit {
  readonly k: MotorConstants;
  readonly motor: DcMotor;
  readonly drivetrain: Drivetrain;
  readonly thermal: ThermalNetwork;
  readonly firmware: ServoFirmware;
  duty = 0;
  /** Current drawn from the bus on the last step (A, negative while regenerating). */
  supplyCurrentA: number;
  /** Extra power into the case from outside (W): a hot neighbour, sunlight. */
  externalCaseW = 0;
  private windingJ = 0;
  private caseJ = 0;
  private steps = 0;
  private lastServoV: number;

  constructor(
    readonly ratings: ServoRatings,
    startRad: number,
    limits: { minRad: number; maxRad: number },
    startC: number,
    gainScale: number,
    private readonly noise: Xoshiro128,
  ) {
    this.k = motorConstants(ratings);
    this.motor = new DcMotor(this.k, PHYSICS_STEP_S, startC);
    this.drivetrain = new Drivetrain(
      {
        rotorInertiaKgM2: this.k.rotorInertiaKgM2,
        gearStiffnessNmPerRad: this.k.gearStiffnessNmPerRad,
        coulombFrictionNm: this.k.coulombFrictionNm,
        staticFrictionNm: this.k.staticFrictionNm,
        stribeckRadS: ratings.sim.stribeckRadS,
        viscousNmPerRadS: this.k.viscousNmPerRadS,
        minRad: limits.minRad,
        maxRad: limits.maxRad,
      },
      startRad,
      ratings.sim.newBacklashRad,
    );
    this.thermal = new ThermalNetwork(ratings.sim, startC);
    this.firmware = new ServoFirmware(ratings, startRad, gainScale);
    this.supplyCurrentA = ratings.standbyCurrentA;
    this.lastServoV = ratings.supplyV;
  }

  /**
   * One millisecond: read the encoder (true output angle plus `encoderOffsetRad` from a fault),
   * run the loop, drive the motor from `servoV`, move the drivetrain under `linkLoadNm`, heat.
   */
  step(
    tS: number,
    servoV: number,
    linkLoadNm: number,
    linkInertiaKgM2: number,
    encoderOffsetRad: number,
    ambientC: number,
  ): void {
    const h = PHYSICS_STEP_S;
    const unit = this.ratings.sensors.positionRadPerUnit;
    const dither = (this.noise.uniform() + this.noise.uniform() - 1) * 0.6;
    const reading = Math.round((this.drivetrain.linkRad + encoderOffsetRad) / unit + dither) * unit;
    const fw = this.firmware;
    fw.sense(h, tS, reading);
    this.duty = fw.control(servoV, this.motor.currentA, this.motor.resistanceOhm, h);
    const on = fw.torqueEnabled;
    this.motor.step(this.duty * servoV, this.drivetrain.rotorRadS, on);
    this.drivetrain.step(h, on ? this.motor.torqueNm : 0, linkLoadNm, linkInertiaKgM2);
    const i = this.motor.currentA;
    this.supplyCurrentA = (on ? this.duty * i : 0) + this.ratings.standbyCurrentA;
    const copper = this.motor.copperLossW;
    this.windingJ += copper * h;
    this.caseJ +=
      (BRIDGE_LOSS_SHARE * copper +
        this.drivetrain.frictionLossW +
        this.ratings.standbyCurrentA * servoV +
        this.externalCaseW) *
      h;
    if (++this.steps === THERMAL_EVERY) {
      const span = THERMAL_EVERY * h;
      this.thermal.step(span, this.windingJ / span, this.caseJ / span, ambientC);
      this.motor.setWindingTemperature(this.thermal.windingC);
      this.windingJ = 0;
      this.caseJ = 0;
      this.steps = 0;
    }
    fw.protect(h, tS, servoV, Math.abs(i), this.thermal.sensorC);
    this.lastServoV = servoV;
  }

  /** The Present… registers as the host reads them, in SI units after the family's quantisation. */
  registers(): ServoRegisters {
    const s = this.ratings.sensors;
    const n = this.noise;
    const fw = this.firmware;
    const q = (x: number, unit: number) => Math.round(x / unit) * unit;
    const stall = this.ratings.stallCurrentA;
    const i = this.motor.currentA;
    let currentA: number;
    if (s.current.kind === 'current') {
      const sigma = Math.max(s.current.aPerUnit, 0.004 * stall);
      currentA = q(i + sigma * n.normal(), s.current.aPerUnit);
    } else {
      // Load-only servos report a fraction of full torque; the host scales it by the stall current.
      const load = i / stall + 0.006 * n.normal();
      currentA = q(load, s.current.stallFractionPerUnit) * stall;
    }
    return {
      positionRad: fw.readingRad,
      velocityRadS: q(fw.velocityRadS, s.velocityRadSPerUnit),
      currentA,
      voltageV: q(this.lastServoV + 0.02 * n.normal(), s.voltageVPerUnit),
      temperatureC: q(this.thermal.sensorC + 0.15 * n.normal(), s.temperatureCPerUnit),
      hwError: fw.hwError,
    };
  }
}
