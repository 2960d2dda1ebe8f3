/** Choosing which telemetry channel a plot shows, and how that channel's values read (unit, digits). */
import { TELEMETRY_CHANNELS } from '../../../../native/domain';
import type { TelemetryChannel } from '../../api/contract';
import { useT } from '../../i18n/i18n';

export const CHANNEL_UNITS: Record<TelemetryChannel, string> = {
  position_rad: 'rad',
  velocity_rad_s: 'rad/s',
  current_a: 'A',
  voltage_v: 'V',
  temperature_c: '°C',
  hw_error: 'bits',
};

/** The hardware error status is a bit field: whole numbers; the measured channels to 3 decimals. */
export function channelValueText(channel: TelemetryChannel): (value: number) => string {
  return (value) => (channel === 'hw_error' ? String(Math.round(value)) : value.toFixed(3));
}

export function ChannelField({
  value,
  onChange,
}: {
  value: TelemetryChannel;
  onChange: (channel: TelemetryChannel) => void;
}) {
  const t = useT();
  return (
    <label>
      <span>{t('logs.plotChannel')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as TelemetryChannel)}>
        {TELEMETRY_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {t(`logs.channel.${c}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
