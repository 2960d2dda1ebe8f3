/** Choosing which telemetry channel a plot shows, and how that channel's values read (unit, digits). */
import { TELEMETRY_CHANNELS } from '../../../../native/domain';
import type { TelemetryChannel } from '../../api/contract';
import { useT } from '../../i18n/i18n';
import { SelectField } from '../../components/SelectField';

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
    <SelectField
      label={t('logs.plotChannel')}
      value={value}
      options={TELEMETRY_CHANNELS}
      optionLabel={(c) => t(`logs.channel.${c}`)}
      onValue={onChange}
    />
  );
}
