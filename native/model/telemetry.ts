/**
 * The telemetry the diagnostics model reads: one row per joint per sample, exactly the fields of
 * the telemetry CSV contract. Everything in native/model speaks this shape.
 */
export interface TelemetryRow {
  tMs: number;
  robot: string;
  joint: string;
  positionRad: number;
  velocityRadS: number;
  currentA: number;
  voltageV: number;
  temperatureC: number;
  hwError: number;
}

/** Dynamixel Hardware Error Status bits (address 70) the model and the baseline read. */
export const HW_BIT = {
  inputVoltage: 0x01,
  overheating: 0x04,
  motorEncoder: 0x08,
  electricalShock: 0x10,
  overload: 0x20,
} as const;
