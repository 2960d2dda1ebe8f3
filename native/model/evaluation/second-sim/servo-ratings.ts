/**
 * Servo families of the second simulator, as data. The first block of each entry is the maker's
 * rating (datasheet / e-Manual: rated voltage, stall torque and current, no-load speed, voltage
 * range, the firmware's default protection limits and the units its registers report in); the
 * `model` block holds this simulator's own physical assumptions (thermal network, electrical time
 * constant, rotor inertia, gear stiffness, friction), chosen per size of servo and written here so
 * they can be read and argued with. Motor constants are derived from the ratings, never typed in.
 */
import { HW_BIT } from '../../telemetry';
import type { ThermalParameters } from './thermal-network';

export const SERVO_FAMILY_IDS = [
  'XM430-W350@12V',
  'XL430-W250@11.1V',
  'XL330-M288@5V',
  'STS3215@7.4V',
  'STS3215@12V',
  'AX-12A@11.1V',
] as const;
export type ServoFamilyId = (typeof SERVO_FAMILY_IDS)[number];

export interface ServoRatings {
  family: ServoFamilyId;
  model: string;
  protocol: 'dynamixel2' | 'dynamixel1' | 'feetech';
  /** The voltage the torque/current/speed figures are given at. */
  ratedV: number;
  /** The bus voltage the robot is normally run at. */
  supplyV: number;
  stallTorqueNm: number;
  stallCurrentA: number;
  noLoadSpeedRpm: number;
  noLoadCurrentA: number;
  standbyCurrentA: number;
  /** Recommended operating range (datasheet). */
  operatingV: readonly [number, number];
  /** Firmware defaults: Input Voltage error outside these. */
  minVoltageLimitV: number;
  maxVoltageLimitV: number;
  /** Firmware default: Overheating error at or above this (its own sensor). */
  temperatureLimitC: number;
  /** Firmware current limit (A): the driver never lets the winding current exceed it. */
  currentLimitA: number;
  gearRatio: number;
  /** Hardware Error bits (Dynamixel layout) that drop torque by default. */
  shutdownMask: number;
  /** Whether the firmware reports encoder failures at all (AX-12A reads a potentiometer). */
  encoderAlarm: boolean;
  sensors: {
    positionRadPerUnit: number;
    velocityRadSPerUnit: number;
    /** Current reading: amperes per unit, or (load-only servos) fraction of stall per unit. */
    current: { kind: 'current'; aPerUnit: number } | { kind: 'load'; stallFractionPerUnit: number };
    voltageVPerUnit: number;
    temperatureCPerUnit: number;
  };
  /** The thermal network, then the motor, the gear train and the position loop. */
  sim: ThermalParameters & {
    /** Winding L/R (s). */
    electricalTauS: number;
    /** Mechanical time constant J·R/(Kt·Ke) that sets the rotor inertia reflected to the output. */
    mechanicalTauS: number;
    /** Output deflection at stall torque through the gear train (rad): sets the gear stiffness. */
    gearComplianceRadAtStall: number;
    /** Backlash of a new gear train (rad, full play). */
    newBacklashRad: number;
    /** Static friction over Coulomb friction, and the Stribeck velocity (rad/s, output). */
    staticOverCoulomb: number;
    stribeckRadS: number;
    /** Position loop: duty per rad of error, duty per rad·s of integral, duty per rad/s. */
    kp: number;
    ki: number;
    kd: number;
  };
}

const TWO_PI = 2 * Math.PI;
const RPM = TWO_PI / 60;
const X_SERIES_SHUTDOWN = HW_BIT.overheating | HW_BIT.electricalShock | HW_BIT.overload;

/** Register units; every family here reports voltage in 0.1 V and temperature in whole °C. */
function sensors(
  positionRadPerUnit: number,
  velocityRadSPerUnit: number,
  current: ServoRatings['sensors']['current'],
): ServoRatings['sensors'] {
  return {
    positionRadPerUnit,
    velocityRadSPerUnit,
    current,
    voltageVPerUnit: 0.1,
    temperatureCPerUnit: 1,
  };
}

/** The STS3215 on a 7.4 V (2S) supply. */
const STS3215_7V4: ServoRatings = {
  family: 'STS3215@7.4V',
  model: 'STS3215',
  protocol: 'feetech',
  ratedV: 7.4,
  supplyV: 7.4,
  stallTorqueNm: 1.91,
  stallCurrentA: 2.7,
  noLoadSpeedRpm: 52,
  noLoadCurrentA: 0.15,
  standbyCurrentA: 0.03,
  operatingV: [4, 7.4],
  minVoltageLimitV: 4,
  maxVoltageLimitV: 8,
  temperatureLimitC: 70,
  currentLimitA: 2.7,
  gearRatio: 345,
  shutdownMask: X_SERIES_SHUTDOWN,
  encoderAlarm: true,
  // Speed in encoder steps per second.
  sensors: sensors(TWO_PI / 4096, TWO_PI / 4096, { kind: 'current', aPerUnit: 0.0065 }),
  sim: {
    windingJPerK: 3.2,
    caseJPerK: 27,
    windingToCaseKPerW: 3.2,
    caseToAmbientKPerW: 13,
    sensorWindingShare: 0.25,
    sensorLagS: 7,
    electricalTauS: 0.0005,
    mechanicalTauS: 0.02,
    gearComplianceRadAtStall: 0.03,
    newBacklashRad: 0.0087,
    staticOverCoulomb: 1.6,
    stribeckRadS: 0.05,
    kp: 3.2,
    ki: 0.6,
    kd: 0.05,
  },
};

/**
 * The 12 V STS3215: the gearbox, sensors, firmware and position loop of the 7.4 V one; its
 * winding (ratings, electrical time constant) and the heat it holds and sheds differ.
 */
const STS3215_12V: ServoRatings = {
  ...STS3215_7V4,
  family: 'STS3215@12V',
  model: 'STS3215 (12 V)',
  ratedV: 12,
  supplyV: 12,
  stallTorqueNm: 2.94,
  noLoadSpeedRpm: 45,
  noLoadCurrentA: 0.18,
  operatingV: [4, 14],
  maxVoltageLimitV: 14,
  sim: {
    ...STS3215_7V4.sim,
    windingJPerK: 3.4,
    caseJPerK: 28,
    windingToCaseKPerW: 3.0,
    caseToAmbientKPerW: 12.5,
    electricalTauS: 0.0006,
    gearComplianceRadAtStall: 0.028,
  },
};

export const SERVO_RATINGS: Record<ServoFamilyId, ServoRatings> = {
  'XM430-W350@12V': {
    family: 'XM430-W350@12V',
    model: 'XM430-W350',
    protocol: 'dynamixel2',
    ratedV: 12,
    supplyV: 12,
    stallTorqueNm: 4.1,
    stallCurrentA: 2.3,
    noLoadSpeedRpm: 46,
    noLoadCurrentA: 0.13,
    standbyCurrentA: 0.04,
    operatingV: [10, 14.8],
    minVoltageLimitV: 9.5,
    maxVoltageLimitV: 16,
    temperatureLimitC: 80,
    currentLimitA: 1193 * 0.00269,
    gearRatio: 353.5,
    shutdownMask: X_SERIES_SHUTDOWN,
    encoderAlarm: true,
    sensors: sensors(TWO_PI / 4096, 0.229 * RPM, { kind: 'current', aPerUnit: 0.00269 }),
    sim: {
      windingJPerK: 5,
      caseJPerK: 42,
      windingToCaseKPerW: 2.6,
      caseToAmbientKPerW: 10.5,
      sensorWindingShare: 0.3,
      sensorLagS: 6,
      electricalTauS: 0.0006,
      mechanicalTauS: 0.018,
      gearComplianceRadAtStall: 0.022,
      newBacklashRad: 0.0045,
      staticOverCoulomb: 1.5,
      stribeckRadS: 0.04,
      kp: 4.6,
      ki: 0,
      kd: 0.04,
    },
  },
  'XL430-W250@11.1V': {
    family: 'XL430-W250@11.1V',
    model: 'XL430-W250',
    protocol: 'dynamixel2',
    ratedV: 12,
    supplyV: 11.1,
    stallTorqueNm: 1.5,
    stallCurrentA: 1.4,
    noLoadSpeedRpm: 61,
    noLoadCurrentA: 0.1,
    standbyCurrentA: 0.052,
    operatingV: [6.5, 12],
    minVoltageLimitV: 6,
    maxVoltageLimitV: 14,
    temperatureLimitC: 72,
    // No current limit register: the PWM limit bounds it at about the stall current.
    currentLimitA: 1.4,
    gearRatio: 258.5,
    shutdownMask: X_SERIES_SHUTDOWN,
    encoderAlarm: true,
    sensors: sensors(TWO_PI / 4096, 0.229 * RPM, { kind: 'load', stallFractionPerUnit: 0.001 }),
    sim: {
      windingJPerK: 3,
      caseJPerK: 28,
      windingToCaseKPerW: 3.5,
      caseToAmbientKPerW: 14,
      sensorWindingShare: 0.3,
      sensorLagS: 5,
      electricalTauS: 0.0005,
      mechanicalTauS: 0.016,
      gearComplianceRadAtStall: 0.026,
      newBacklashRad: 0.0055,
      staticOverCoulomb: 1.4,
      stribeckRadS: 0.05,
      kp: 4.6,
      ki: 0,
      kd: 0.03,
    },
  },
  'XL330-M288@5V': {
    family: 'XL330-M288@5V',
    model: 'XL330-M288',
    protocol: 'dynamixel2',
    ratedV: 5,
    supplyV: 5,
    stallTorqueNm: 0.52,
    stallCurrentA: 1.47,
    noLoadSpeedRpm: 103,
    noLoadCurrentA: 0.12,
    standbyCurrentA: 0.017,
    operatingV: [3.7, 6],
    minVoltageLimitV: 3.5,
    maxVoltageLimitV: 7,
    temperatureLimitC: 70,
    currentLimitA: 1.75,
    gearRatio: 288.4,
    shutdownMask: X_SERIES_SHUTDOWN,
    encoderAlarm: true,
    sensors: sensors(TWO_PI / 4096, 0.229 * RPM, { kind: 'current', aPerUnit: 0.001 }),
    sim: {
      windingJPerK: 1.2,
      caseJPerK: 9,
      windingToCaseKPerW: 6,
      caseToAmbientKPerW: 26,
      sensorWindingShare: 0.35,
      sensorLagS: 4,
      electricalTauS: 0.0004,
      mechanicalTauS: 0.012,
      gearComplianceRadAtStall: 0.03,
      newBacklashRad: 0.007,
      staticOverCoulomb: 1.4,
      stribeckRadS: 0.06,
      kp: 4.0,
      ki: 0,
      kd: 0.02,
    },
  },
  'STS3215@7.4V': STS3215_7V4,
  'STS3215@12V': STS3215_12V,
  'AX-12A@11.1V': {
    family: 'AX-12A@11.1V',
    model: 'AX-12A',
    protocol: 'dynamixel1',
    ratedV: 12,
    supplyV: 11.1,
    stallTorqueNm: 1.5,
    stallCurrentA: 1.5,
    noLoadSpeedRpm: 59,
    noLoadCurrentA: 0.12,
    standbyCurrentA: 0.05,
    operatingV: [9, 12],
    minVoltageLimitV: 6,
    maxVoltageLimitV: 14,
    temperatureLimitC: 70,
    currentLimitA: 1.5,
    gearRatio: 254,
    // Protocol 1.0 Alarm Shutdown default: overheating and overload (mapped to the 2.0 bits).
    shutdownMask: HW_BIT.overheating | HW_BIT.overload,
    encoderAlarm: false,
    sensors: sensors(((300 / 360) * TWO_PI) / 1024, 0.111 * RPM, {
      kind: 'load',
      stallFractionPerUnit: 1 / 1023,
    }),
    sim: {
      windingJPerK: 3,
      caseJPerK: 26,
      windingToCaseKPerW: 3.6,
      caseToAmbientKPerW: 14,
      sensorWindingShare: 0.3,
      sensorLagS: 6,
      electricalTauS: 0.0005,
      mechanicalTauS: 0.017,
      gearComplianceRadAtStall: 0.03,
      newBacklashRad: 0.009,
      staticOverCoulomb: 1.5,
      stribeckRadS: 0.05,
      kp: 3.6,
      ki: 0,
      kd: 0.03,
    },
  },
};

/** Motor constants at 25 °C, referred to the output shaft, derived from the ratings. */
export interface MotorConstants {
  resistanceOhm: number;
  inductanceH: number;
  torquePerAmp: number;
  backEmfVPerRadS: number;
  rotorInertiaKgM2: number;
  gearStiffnessNmPerRad: number;
  coulombFrictionNm: number;
  staticFrictionNm: number;
  viscousNmPerRadS: number;
}

export function motorConstants(r: ServoRatings): MotorConstants {
  const resistanceOhm = r.ratedV / r.stallCurrentA;
  const noLoadRadS = r.noLoadSpeedRpm * RPM;
  const backEmfVPerRadS = (r.ratedV - r.noLoadCurrentA * resistanceOhm) / noLoadRadS;
  const torquePerAmp = r.stallTorqueNm / r.stallCurrentA;
  // At no load the motor current only overcomes gearbox friction: most of it Coulomb, some viscous.
  const noLoadFrictionNm = torquePerAmp * r.noLoadCurrentA;
  const coulombFrictionNm = 0.75 * noLoadFrictionNm;
  return {
    resistanceOhm,
    inductanceH: resistanceOhm * r.sim.electricalTauS,
    torquePerAmp,
    backEmfVPerRadS,
    rotorInertiaKgM2: (r.sim.mechanicalTauS * torquePerAmp * backEmfVPerRadS) / resistanceOhm,
    gearStiffnessNmPerRad: r.stallTorqueNm / r.sim.gearComplianceRadAtStall,
    coulombFrictionNm,
    staticFrictionNm: coulombFrictionNm * r.sim.staticOverCoulomb,
    viscousNmPerRadS: (0.25 * noLoadFrictionNm) / noLoadRadS,
  };
}
