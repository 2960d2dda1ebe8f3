/**
 * A live, rolling-window line chart on uPlot (canvas; cheap to redraw). The chart pulls its data
 * through `read()` whenever `subscribe` says there is something new — the caller decides the pace
 * (the telemetry hub calls at most once per animation frame) — and never re-renders React for it.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { plotAxes } from './plot-axes';

export type PlotData = [number[], ...(number | null)[][]];

export interface PlotSeries {
  label: string;
  color: string;
  /** A dash pattern, so series differ by more than colour. */
  dash?: number[];
}

export interface LivePlotProps {
  /** Accessible name of the chart (what it shows). */
  label: string;
  /** Axis label for the values, e.g. "rad" or "°C". */
  unit: string;
  series: readonly PlotSeries[];
  /** Visible time span, in seconds, ending at the newest sample. */
  windowSeconds: number;
  height?: number;
  paused?: boolean;
  /** Timestamps in seconds since the epoch, then one array per series. */
  read: () => PlotData;
  /** Calls `onData` when new data can be read; returns the unsubscribe function. */
  subscribe: (onData: () => void) => () => void;
  /** Formats a value for the axis and legend. */
  format?: (value: number) => string;
  /** Legend label of the time column, in the UI's language. */
  timeLabel?: string;
}

function clock(seconds: number): string {
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function LivePlot({
  label,
  unit,
  series,
  windowSeconds,
  height = 220,
  paused = false,
  read,
  subscribe,
  format = (value) => value.toFixed(2),
  timeLabel = 'Time',
}: LivePlotProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The latest props, read from the draw loop without re-creating the chart.
  const live = useRef({ read, windowSeconds, paused, format });
  useLayoutEffect(() => {
    live.current = { read, windowSeconds, paused, format };
  });

  const seriesKey = series.map((s) => `${s.label}|${s.color}|${s.dash?.join(',') ?? ''}`).join(';');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = Math.max(200, element.clientWidth);
    const options: uPlot.Options = {
      width,
      height,
      pxAlign: false,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: {
          time: true,
          range: (_u, _min, max) => [max - live.current.windowSeconds, max],
        },
      },
      axes: plotAxes({
        timeText: clock,
        valueText: (value) => live.current.format(value),
        unit,
        valueAxisSize: 64,
      }),
      series: [
        {
          label: timeLabel,
          value: (_u: uPlot, value: number | null) => (value === null ? '—' : clock(value)),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.dash ? { dash: s.dash } : {}),
          spanGaps: false,
          points: { show: false },
          value: (_u: uPlot, value: number | null) =>
            value === null ? '—' : live.current.format(value),
        })),
      ],
    };
    const empty: PlotData = [[], ...series.map(() => [])];
    const chart = new uPlot(options, empty, element);
    plot.current = chart;

    const draw = () => {
      if (live.current.paused) return;
      const data = live.current.read();
      chart.setData(data, true);
      const xs = data[0];
      element.dataset.points = String(xs.length);
      element.dataset.newest = xs.length ? String(xs[xs.length - 1]) : '';
    };
    draw();
    const off = subscribe(draw);

    const resize = new ResizeObserver(() => {
      const next = Math.max(200, element.clientWidth);
      if (next !== chart.width) chart.setSize({ width: next, height });
    });
    resize.observe(element);

    return () => {
      off();
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series or geometry change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, unit, height, subscribe, timeLabel]);

  return (
    <figure className="live-plot">
      <figcaption className="live-plot__caption">{label}</figcaption>
      <div
        ref={host}
        className="live-plot__canvas"
        role="img"
        aria-label={label}
        data-paused={paused ? 'true' : 'false'}
      />
    </figure>
  );
}
