/**
 * The telemetry the diagnostics model reads: one row per joint per sample, a telemetry sample with
 * its robot, exactly the fields of the telemetry CSV contract. Everything in native/model speaks
 * this shape.
 */
import type { TelemetrySample } from '../domain';

export interface TelemetryRow extends TelemetrySample {
  robot: string;
}

/** Dynamixel Hardware Error Status bits (address 70) the model and the baseline read. */
export const HW_BIT = {
  inputVoltage: 0x01,
  overheating: 0x04,
  motorEncoder: 0x08,
  electricalShock: 0x10,
  overload: 0x20,
} as const;
