/**
 * A plot of any channel of any joint over any range: `logs.telemetrySeries` asks the db worker
 * for ~2.5 points per pixel of the plot (MinMax envelope + line), and asks again whenever the
 * user zooms or pans.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogBounds, TelemetryChannel, TelemetrySeries } from '../../api/contract';
import { useApp } from '../../app-context';
import { RangePlot } from '../../components/charts/RangePlot';
import type { PlotData } from '../../components/charts/LivePlot';
import { SelectField } from '../../components/SelectField';
import { useT } from '../../i18n/i18n';
import type { TimeRange } from './time-range';
import { CHANNEL_UNITS } from '../../telemetry-units';
import { ChannelField, channelValueText } from './ChannelField';

const REQUERY_MS = 120;
const POINTS_PER_PX = 2.5;

export function TelemetryPanel({
  bounds,
  range,
  robotName,
  clock,
  preferredRobot,
}: {
  bounds: LogBounds;
  range: TimeRange;
  robotName: (id: string | null) => string;
  clock: (seconds: number) => string;
  preferredRobot: string | null;
}) {
  const t = useT();
  const { api, reportError } = useApp();
  const robots = useMemo(() => [...new Set(bounds.series.map((s) => s.robotId))], [bounds]);
  const [robot, setRobot] = useState<string | null>(null);
  const [joint, setJoint] = useState<string | null>(null);
  const [channel, setChannel] = useState<TelemetryChannel>('position_rad');
  // The zoom belongs to the filter range it was made in; a new range starts unzoomed.
  const rangeKey = `${range.fromMs}-${range.toMs}`;
  const [zoomed, setZoomed] = useState<{ key: string; view: [number, number] } | null>(null);
  const view: [number, number] =
    zoomed?.key === rangeKey ? zoomed.view : [range.fromMs / 1000, range.toMs / 1000];
  const setView = (next: [number, number]) => setZoomed({ key: rangeKey, view: next });
  const [viewFrom, viewTo] = view;
  const [series, setSeries] = useState<TelemetrySeries | null>(null);
  const host = useRef<HTMLDivElement>(null);

  const robotId =
    robot && robots.includes(robot)
      ? robot
      : preferredRobot && robots.includes(preferredRobot)
        ? preferredRobot
        : (robots[0] ?? null);
  const joints = bounds.series
    .filter((s) => s.robotId === robotId)
    .map((s) => s.joint)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const jointName = joint && joints.includes(joint) ? joint : (joints[0] ?? null);

  useEffect(() => {
    if (!robotId || !jointName) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const width = host.current?.clientWidth ?? 800;
      const fromMs = Math.max(0, Math.floor(viewFrom * 1000));
      const toMs = Math.max(fromMs + 1, Math.ceil(viewTo * 1000));
      api
        .invoke('logs.telemetrySeries', {
          robotId,
          joint: jointName,
          channel,
          fromMs,
          toMs,
          points: Math.max(2, Math.min(4000, Math.round(width * POINTS_PER_PX))),
        })
        .then(
          (value) => !cancelled && setSeries(value),
          (error: unknown) => !cancelled && reportError(error),
        );
    }, REQUERY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, reportError, robotId, jointName, channel, viewFrom, viewTo]);

  const data = useMemo<PlotData>(() => {
    if (!series) return [[], [], [], []];
    return [series.tMs.map((ms) => ms / 1000), series.value, series.max, series.min];
  }, [series]);

  const setRange = (next: [number, number]) => {
    // Never narrower than 50 ms, never wider than ten times the filter range.
    const span = Math.max(
      0.05,
      Math.min(next[1] - next[0], ((range.toMs - range.fromMs) / 1000) * 10),
    );
    const centre = (next[0] + next[1]) / 2;
    setView([centre - span / 2, centre + span / 2]);
  };
  const zoom = (factor: number) =>
    setRange([
      (view[0] + view[1]) / 2 - ((view[1] - view[0]) * factor) / 2,
      (view[0] + view[1]) / 2 + ((view[1] - view[0]) * factor) / 2,
    ]);
  const panBy = (fraction: number) => {
    const shift = (view[1] - view[0]) * fraction;
    setView([view[0] + shift, view[1] + shift]);
  };

  if (robots.length === 0) return <p className="panel panel--quiet">{t('logs.noTelemetry')}</p>;

  const label = `${robotName(robotId)} · ${jointName ?? ''} · ${t(`logs.channel.${channel}`)}`;
  return (
    <div className="telemetry-panel" ref={host}>
      <div className="telemetry-panel__controls">
        <SelectField
          label={t('logs.plotRobot')}
          value={robotId ?? ''}
          options={robots}
          optionLabel={robotName}
          onValue={setRobot}
        />
        <SelectField
          label={t('logs.plotJoint')}
          value={jointName ?? ''}
          options={joints}
          optionLabel={(j) => j}
          onValue={setJoint}
        />
        <ChannelField value={channel} onChange={setChannel} />
        <div className="telemetry-panel__zoom" role="group" aria-label={t('logs.plotHelp')}>
          <button type="button" className="button button--small" onClick={() => panBy(-0.5)}>
            ← {t('logs.panEarlier')}
          </button>
          <button type="button" className="button button--small" onClick={() => zoom(2)}>
            {t('logs.zoomOut')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setView([range.fromMs / 1000, range.toMs / 1000])}
          >
            {t('logs.resetZoom')}
          </button>
          <button type="button" className="button button--small" onClick={() => panBy(0.5)}>
            {t('logs.panLater')} →
          </button>
        </div>
      </div>
      <RangePlot
        label={label}
        unit={CHANNEL_UNITS[channel]}
        series={[
          { label: t('logs.value'), color: '#0d5c6b' },
          { label: t('logs.max'), color: 'rgba(13, 92, 107, 0.35)', width: 1 },
          { label: t('logs.min'), color: 'rgba(13, 92, 107, 0.35)', width: 1, dash: [4, 3] },
        ]}
        bands={[[2, 3]]}
        data={data}
        range={view}
        onRange={setRange}
        clock={clock}
        timeLabel={t('logs.time')}
        format={channelValueText(channel)}
      />
      <p className="telemetry-panel__info" data-source={series?.source ?? ''}>
        {t('logs.plotHelp')}{' '}
        {series
          ? series.source === 'none'
            ? t('logs.plotEmpty')
            : t('logs.plotInfo', {
                points: series.tMs.length.toLocaleString(),
                count: series.sourceCount.toLocaleString(),
                source: t(`logs.source.${series.source}`),
              })
          : ''}
      </p>
    </div>
  );
}
