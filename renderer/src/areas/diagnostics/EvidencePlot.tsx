/**
 * The evidence of an alert: the telemetry window the model saw, one small uPlot chart per
 * channel (each has its own unit). The channel where the fault shows is drawn first, larger, in
 * colour and marked "relevant" in words; the others are quieter context. A dashed line marks the
 * moment the alert was raised.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLanguage, useT } from '../../i18n/i18n';
import { CHANNEL_DIGITS, CHANNELS, clockTime, relevantChannel, type Channel } from './alert-look';
import type { Alert } from './use-alerts';
import { FIELD_UNITS } from '../../telemetry-units';
import { drawTimeMarker } from '../../components/charts/time-marker';
import { plotAxes } from '../../components/charts/plot-axes';

function ChannelChart({
  alert,
  channel,
  highlight,
}: {
  alert: Alert;
  channel: Channel;
  highlight: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const host = useRef<HTMLDivElement>(null);
  const name = t(`diag.channel.${channel}`);
  const unit = FIELD_UNITS[channel];
  const digits = CHANNEL_DIGITS[channel];
  const label = `${name} (${unit})${highlight ? ` — ${t('diag.tech.relevant')}` : ''}`;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const xs = alert.evidence.map((p) => p.tMs / 1000);
    const ys = alert.evidence.map((p) => p[channel]);
    const raisedS = alert.raisedMs / 1000;
    const height = highlight ? 200 : 110;
    const color = highlight ? '#a3161b' : '#5b6b78';
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height,
      pxAlign: false,
      cursor: { drag: { x: false, y: false } },
      legend: { show: highlight },
      axes: plotAxes({
        timeText: (v) => clockTime(v * 1000, language),
        valueText: (v) => v.toFixed(digits),
        unit,
        valueAxisSize: 60,
      }),
      series: [
        {
          label: t('diag.time'),
          value: (_u: uPlot, v: number | null) =>
            v === null ? '—' : clockTime(v * 1000, language),
        },
        {
          label: name,
          stroke: color,
          width: highlight ? 3 : 1.5,
          points: { show: false },
          value: (_u: uPlot, v: number | null) =>
            v === null ? '—' : `${v.toFixed(digits)} ${unit}`,
        },
      ],
      hooks: {
        draw: [
          (u) =>
            drawTimeMarker(u, raisedS, {
              color: '#0b4e99',
              label: t('diag.tech.raisedMarker'),
              labelSide: 'left',
              ratio: uPlot.pxRatio,
            }),
        ],
      },
    };
    const chart = new uPlot(options, [xs, ys], element);
    element.dataset.points = String(xs.length);
    const resize = new ResizeObserver(() => {
      const width = Math.max(240, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [alert, channel, highlight, language, t, name, unit, digits]);

  return (
    <figure
      className={highlight ? 'evidence__chart evidence__chart--relevant' : 'evidence__chart'}
      data-channel={channel}
      data-relevant={highlight ? 'true' : 'false'}
    >
      <figcaption className="evidence__caption">
        {name} <span className="evidence__unit">({unit})</span>
        {highlight ? <span className="tag tag--warn">{t('diag.tech.relevant')}</span> : null}
      </figcaption>
      <div ref={host} className="evidence__canvas" role="img" aria-label={label} />
    </figure>
  );
}

export function EvidencePlot({ alert }: { alert: Alert }) {
  const t = useT();
  if (alert.evidence.length === 0) return <p className="muted">{t('diag.tech.evidenceEmpty')}</p>;
  const relevant = relevantChannel(alert.fault);
  const ordered = relevant ? [relevant, ...CHANNELS.filter((c) => c !== relevant)] : CHANNELS;
  return (
    <div className="evidence" data-testid="evidence">
      {ordered.map((channel) => (
        <ChannelChart
          key={channel}
          alert={alert}
          channel={channel}
          highlight={channel === relevant}
        />
      ))}
    </div>
  );
}
