/** The unit each telemetry channel is measured in: by channel name (logs, CSV) and by sample field. */
import {
  TELEMETRY_CHANNELS,
  TELEMETRY_CHANNEL_FIELDS,
  type TelemetryChannel,
  type TelemetryField,
} from '../../native/domain';

export const CHANNEL_UNITS: Record<TelemetryChannel, string> = {
  position_rad: 'rad',
  velocity_rad_s: 'rad/s',
  current_a: 'A',
  voltage_v: 'V',
  temperature_c: '°C',
  hw_error: 'bits',
};

/** The same units keyed by the TelemetrySample field; the domain lists the two in one order. */
export const FIELD_UNITS = Object.fromEntries(
  TELEMETRY_CHANNEL_FIELDS.map((field, i) => [
    field,
    CHANNEL_UNITS[TELEMETRY_CHANNELS[i] as TelemetryChannel],
  ]),
) as Record<TelemetryField, string>;
