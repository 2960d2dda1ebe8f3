/**
 * The channels every joint records, in storage and CSV column order. The names are the telemetry
 * CSV's columns (a contract: import, export, `genba diagnose`); each has one field in a
 * TelemetrySample.
 */
export const TELEMETRY_CHANNELS = [
  'position_rad',
  'velocity_rad_s',
  'current_a',
  'voltage_v',
  'temperature_c',
  'hw_error',
] as const;
export type TelemetryChannel = (typeof TELEMETRY_CHANNELS)[number];

/** The TelemetrySample field behind each channel, in channel order. */
export const TELEMETRY_CHANNEL_FIELDS = [
  'positionRad',
  'velocityRadS',
  'currentA',
  'voltageV',
  'temperatureC',
  'hwError',
] as const satisfies readonly (keyof ChannelReadings)[];
export type TelemetryField = (typeof TELEMETRY_CHANNEL_FIELDS)[number];

/** The telemetry CSV header (import, export, `genba diagnose`): one row per joint per sample. */
export const TELEMETRY_CSV_COLUMNS = ['t_ms', 'robot', 'joint', ...TELEMETRY_CHANNELS] as const;

/** What one joint reads at one moment: one field per channel. */
export interface ChannelReadings {
  positionRad: number;
  velocityRadS: number;
  currentA: number;
  voltageV: number;
  temperatureC: number;
  /** Dynamixel Hardware Error Status bit field; 0 when healthy. */
  hwError: number;
}

export interface TelemetrySample extends ChannelReadings {
  tMs: number;
  joint: string;
}

export interface TelemetryBatch {
  robotId: string;
  samples: TelemetrySample[];
}
