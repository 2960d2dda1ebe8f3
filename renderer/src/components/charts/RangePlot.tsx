/**
 * A uPlot chart over a chosen time range (the Logs area), next to LivePlot's rolling window and
 * in its style. Zoom: drag a span, the wheel, or pinch; pan: Shift+drag (or one finger). The
 * chart reports the wanted range through `onRange` and shows what it is given: the caller
 * re-queries the data for the new range. An optional marker draws a vertical line (an event).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotData, PlotSeries } from './LivePlot';
import { drawTimeMarker } from './time-marker';
import { plotAxes } from './plot-axes';

export interface RangePlotProps {
  label: string;
  unit: string;
  series: readonly (PlotSeries & { width?: number; fillTo?: number })[];
  /** Pairs of series indexes [upper, lower] (1-based, as uPlot) to fill between: an envelope. */
  bands?: readonly [number, number][];
  /** Times in seconds since the epoch, then one array per series. */
  data: PlotData;
  /** The visible range, in seconds. */
  range: [number, number];
  onRange: (range: [number, number]) => void;
  /** A vertical line (seconds), e.g. the event being looked at. */
  markerS?: number | null;
  markerLabel?: string;
  height?: number;
  format?: (value: number) => string;
  clock: (seconds: number) => string;
  timeLabel: string;
}

export function RangePlot({
  label,
  unit,
  series,
  bands = [],
  data,
  range,
  onRange,
  markerS = null,
  markerLabel = '',
  height = 260,
  format = (value) => value.toFixed(3),
  clock,
  timeLabel,
}: RangePlotProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const live = useRef({ range, onRange, markerS, markerLabel, format, clock });
  useLayoutEffect(() => {
    live.current = { range, onRange, markerS, markerLabel, format, clock };
  });
  const seriesKey = series.map((s) => `${s.label}|${s.color}|${s.dash?.join(',') ?? ''}`).join(';');
  const bandsKey = bands.map((b) => b.join('-')).join(';');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height,
      pxAlign: false,
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { live: true },
      scales: { x: { time: true, range: () => live.current.range } },
      axes: plotAxes({
        timeText: (v) => live.current.clock(v),
        valueText: (v) => live.current.format(v),
        unit,
        valueAxisSize: 70,
      }),
      series: [
        {
          label: timeLabel,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : live.current.clock(v)),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 2,
          ...(s.dash ? { dash: s.dash } : {}),
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : live.current.format(v)),
        })),
      ],
      bands: bands.map(([hi, lo]) => ({ series: [hi, lo], fill: 'rgba(13, 92, 107, 0.14)' })),
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (to > from) live.current.onRange([from, to]);
          },
        ],
        draw: [
          (u) => {
            const at = live.current.markerS;
            if (at === null) return;
            drawTimeMarker(u, at, {
              color: '#a3161b',
              label: live.current.markerLabel,
              labelSide: 'right',
              ratio: devicePixelRatio,
            });
          },
        ],
      },
    };
    const chart = new uPlot(options, [[], ...series.map(() => [])], element);
    plot.current = chart;
    const over = chart.over;

    const zoomAround = (centre: number, factor: number) => {
      const [from, to] = live.current.range;
      const span = (to - from) * factor;
      const ratio = (centre - from) / (to - from);
      live.current.onRange([centre - span * ratio, centre - span * ratio + span]);
    };
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const centre = chart.posToVal(event.offsetX, 'x');
      zoomAround(centre, event.deltaY > 0 ? 1.25 : 0.8);
    };
    // Pan (Shift+drag, or one finger) and pinch (two fingers).
    const pointers = new Map<number, number>();
    let pan: { x: number; range: [number, number] } | null = null;
    let pinch: { distance: number; range: [number, number]; centre: number } | null = null;
    const onDown = (event: PointerEvent) => {
      pointers.set(event.pointerId, event.clientX);
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()] as [number, number];
        const rect = over.getBoundingClientRect();
        pinch = {
          distance: Math.max(10, Math.abs(a - b)),
          range: live.current.range,
          centre: chart.posToVal((a + b) / 2 - rect.left, 'x'),
        };
        pan = null;
      } else if (event.shiftKey || event.pointerType === 'touch') {
        event.stopPropagation();
        event.preventDefault();
        pan = { x: event.clientX, range: live.current.range };
        over.setPointerCapture(event.pointerId);
      }
    };
    const onMove = (event: PointerEvent) => {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, event.clientX);
      if (pinch && pointers.size === 2) {
        const [a, b] = [...pointers.values()] as [number, number];
        const factor = pinch.distance / Math.max(10, Math.abs(a - b));
        const [from, to] = pinch.range;
        const span = (to - from) * factor;
        const ratio = (pinch.centre - from) / (to - from);
        live.current.onRange([pinch.centre - span * ratio, pinch.centre - span * ratio + span]);
      } else if (pan) {
        const [from, to] = pan.range;
        const shift = ((pan.x - event.clientX) / chart.bbox.width) * devicePixelRatio * (to - from);
        live.current.onRange([from + shift, to + shift]);
      }
    };
    const onUp = (event: PointerEvent) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
      if (pointers.size === 0) pan = null;
    };
    over.addEventListener('wheel', onWheel, { passive: false });
    over.addEventListener('pointerdown', onDown, { capture: true });
    over.addEventListener('pointermove', onMove);
    over.addEventListener('pointerup', onUp);
    over.addEventListener('pointercancel', onUp);
    over.style.touchAction = 'none';

    const resize = new ResizeObserver(() => {
      const next = Math.max(300, element.clientWidth);
      if (next !== chart.width) chart.setSize({ width: next, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series or geometry change; data and range flow through effects.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, bandsKey, unit, height, timeLabel]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData(data, false);
    chart.setScale('x', { min: range[0], max: range[1] });
    if (host.current) {
      host.current.dataset.points = String(data[0].length);
      host.current.dataset.from = String(range[0]);
      host.current.dataset.to = String(range[1]);
    }
  }, [data, range, seriesKey, bandsKey]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, [markerS]);

  return (
    <figure className="range-plot">
      <figcaption className="range-plot__caption">{label}</figcaption>
      <div ref={host} className="range-plot__canvas" role="img" aria-label={label} />
    </figure>
  );
}
