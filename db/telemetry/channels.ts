/**
 * The telemetry channels every joint records, in storage order, with the sensor resolution each
 * is quantized to (see codec.ts: values on this grid are stored as integers; anything else is
 * still stored losslessly, just less compactly).
 */
import { TELEMETRY_CHANNEL_FIELDS, TELEMETRY_CHANNELS } from '../../native/domain';

export const CHANNELS = TELEMETRY_CHANNELS;
/** The TelemetrySample field behind each channel. */
export const CHANNEL_FIELDS = TELEMETRY_CHANNEL_FIELDS;

/**
 * XM430-W350 resolutions (ROBOTIS e-Manual): Present Position 4096 pulses per turn (0.088°),
 * Present Velocity 0.229 rpm, Present Current 2.69 mA, Present Input Voltage 0.1 V, Present
 * Temperature 1 °C, Hardware Error Status an integer. Decoded as `k * step`.
 */
export const CHANNEL_STEPS: readonly number[] = [
  (2 * Math.PI) / 4096,
  (0.229 * 2 * Math.PI) / 60,
  0.00269,
  0.1,
  1,
  1,
];

export const TIME_STEP_MS = 1;

export function channelIndex(channel: string): number {
  const index = (CHANNELS as readonly string[]).indexOf(channel);
  if (index < 0) {
    throw Object.assign(
      new Error(`Unknown telemetry channel "${channel}". Channels: ${CHANNELS.join(', ')}.`),
      { code: 'unknown-channel' },
    );
  }
  return index;
}
