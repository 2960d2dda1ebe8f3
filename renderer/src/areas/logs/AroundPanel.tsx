/** From an event, one click: its robot's telemetry around it at full rate, the event marked. */
import { useEffect, useMemo, useState } from 'react';
import type { LogEvent, TelemetryAround, TelemetryChannel } from '../../api/contract';
import { useApp } from '../../app-context';
import { RangePlot } from '../../components/charts/RangePlot';
import type { PlotData } from '../../components/charts/LivePlot';
import { useEventText } from '../../i18n/event-text';
import { useT } from '../../i18n/i18n';
import { CHANNEL_UNITS } from '../../telemetry-units';
import { ChannelField, channelValueText } from './ChannelField';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { LoadingNote } from '../../components/LoadingNote';

const SECONDS = 30;
const COLOURS = ['#0d5c6b', '#b06a00', '#6a3fb5', '#1f6fc4', '#a3161b', '#3f9a62'];
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 3], [10, 4, 2, 4], [4, 4], [1, 2]];
const FIELD: Record<TelemetryChannel, keyof TelemetryAround['series'][number]> = {
  position_rad: 'positionRad',
  velocity_rad_s: 'velocityRadS',
  current_a: 'currentA',
  voltage_v: 'voltageV',
  temperature_c: 'temperatureC',
  hw_error: 'hwError',
};

/** Joints sampled together share times; merge them onto one time axis (gaps as null). */
function align(around: TelemetryAround, channel: TelemetryChannel): PlotData {
  const times = new Set<number>();
  for (const s of around.series) for (const tMs of s.tMs) times.add(tMs);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((tMs, i) => [tMs, i]));
  const columns = around.series.map((s) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    const values = s[FIELD[channel]] as number[];
    s.tMs.forEach((tMs, i) => {
      column[index.get(tMs)!] = values[i]!;
    });
    return column;
  });
  return [xs.map((ms) => ms / 1000), ...columns];
}

export function AroundPanel({
  event,
  robotName,
  clock,
  onClose,
}: {
  event: Pick<LogEvent, 'id' | 'tMs' | 'robotId' | 'text' | 'message'>;
  robotName: (id: string | null) => string;
  clock: (seconds: number) => string;
  onClose: () => void;
}) {
  const t = useT();
  const eventText = useEventText();
  const { api, reportError } = useApp();
  const [around, setAround] = useState<TelemetryAround | null>(null);
  const [channel, setChannel] = useState<TelemetryChannel>('current_a');
  const [view, setView] = useState<[number, number]>([
    event.tMs / 1000 - SECONDS,
    event.tMs / 1000 + SECONDS,
  ]);

  useEffect(() => {
    // The parent keys this panel by event, so state starts fresh for each one.
    return answerUntilCleanup(
      api.invoke('logs.telemetryAround', { eventId: event.id, seconds: SECONDS }),
      setAround,
      reportError,
    );
  }, [api, reportError, event.id, event.tMs]);

  const data = useMemo(() => (around ? align(around, channel) : null), [around, channel]);
  const series = useMemo(
    () =>
      (around?.series ?? []).map((s, i) => ({
        label: `${robotName(s.robotId)} ${s.joint}`,
        color: COLOURS[i % COLOURS.length]!,
        ...(DASHES[i % DASHES.length] ? { dash: DASHES[i % DASHES.length]! } : {}),
      })),
    [around, robotName],
  );

  return (
    <section
      className="around logs-section"
      aria-labelledby="around-title"
      data-event-id={event.id}
    >
      <div className="around__head">
        <h3 id="around-title">{t('logs.aroundTitle', { id: event.id, seconds: SECONDS })}</h3>
        <ChannelField value={channel} onChange={setChannel} />
        <button type="button" className="button button--small" onClick={onClose}>
          {t('logs.closePanel')}
        </button>
      </div>
      <p className="around__event">{eventText(event)}</p>
      {around === null ? (
        <LoadingNote busy>{t('logs.aroundLoading')}</LoadingNote>
      ) : around.series.length === 0 || !data ? (
        <p className="panel panel--quiet">{t('logs.aroundEmpty')}</p>
      ) : (
        <RangePlot
          label={`${t(`logs.channel.${channel}`)} — ${robotName(event.robotId)}`}
          unit={CHANNEL_UNITS[channel]}
          series={series}
          data={data}
          range={view}
          onRange={setView}
          markerS={event.tMs / 1000}
          markerLabel={`${t('logs.eventMark')} #${event.id}`}
          clock={clock}
          timeLabel={t('logs.time')}
          height={280}
          format={channelValueText(channel)}
        />
      )}
    </section>
  );
}
