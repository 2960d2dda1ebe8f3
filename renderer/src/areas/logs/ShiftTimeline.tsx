/**
 * The shift timeline: one row per robot with its state bands, and the events as marks on it
 * (faults and alerts larger, and reachable with Tab). Clicking a mark opens that event.
 */
import { useEffect, useRef, useState } from 'react';
import type { LogTimeline } from '../../api/contract';
import { useT } from '../../i18n/i18n';

type Mark = LogTimeline['marks'][number];

const LABEL_W = 200;
const ROW_H = 34;
const AXIS_H = 22;

export const STATE_COLOURS: Record<string, string> = {
  ready: '#3f9a62',
  running: '#1f6fc4',
  'torque-off': '#8fb9a0',
  fault: '#c0262d',
  disconnected: '#9aa5ae',
  connecting: '#c4cdd3',
  unknown: '#eef2f4',
};

const MARK_COLOURS: Record<string, string> = {
  fault: '#a3161b',
  alert: '#b06a00',
  task: '#0b4e99',
  operator: '#475663',
  connection: '#6b7781',
};

export function ShiftTimeline({
  timeline,
  robotName,
  selectedId,
  onSelectMark,
  clock,
  describeMark,
}: {
  timeline: LogTimeline;
  robotName: (id: string | null) => string;
  selectedId: number | null;
  onSelectMark: (mark: Mark) => void;
  clock: (ms: number) => string;
  describeMark: (mark: Mark) => string;
}) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(400, element.clientWidth)));
    observer.observe(element);
    setWidth(Math.max(400, element.clientWidth));
    return () => observer.disconnect();
  }, []);

  const { fromMs, toMs } = timeline;
  const rows: {
    robotId: string | null;
    name: string;
    bands: LogTimeline['robots'][number]['bands'];
  }[] = timeline.robots.map((r) => ({ robotId: r.robotId, name: r.name, bands: r.bands }));
  // Facility-wide events (no robot) get a row of their own when there are any.
  if (
    timeline.marks.some(
      (m) => m.robotId === null || !timeline.robots.some((r) => r.robotId === m.robotId),
    )
  ) {
    rows.push({ robotId: null, name: '—', bands: [] });
  }
  const plotW = width - LABEL_W - 8;
  const x = (ms: number) => LABEL_W + ((ms - fromMs) / (toMs - fromMs)) * plotW;
  const rowOf = (robotId: string | null) => {
    const index = rows.findIndex((r) => r.robotId === robotId);
    return index >= 0 ? index : rows.length - 1;
  };
  const height = AXIS_H + rows.length * ROW_H + 4;
  // Long ranges: hours and minutes; short ones: seconds too.
  const tick = (ms: number) => (toMs - fromMs > 2 * 3_600_000 ? clock(ms).slice(0, -3) : clock(ms));
  const ticks = 6;

  return (
    <div ref={host} className="timeline">
      {rows.length === 0 ? (
        <p className="timeline__empty">{t('logs.timelineEmpty')}</p>
      ) : (
        <svg
          width={width}
          height={height}
          role="group"
          aria-label={t('logs.timelineTitle')}
          className="timeline__svg"
        >
          {Array.from({ length: ticks + 1 }, (_, i) => {
            const ms = fromMs + ((toMs - fromMs) * i) / ticks;
            return (
              <g key={i}>
                <line
                  x1={x(ms)}
                  x2={x(ms)}
                  y1={AXIS_H - 4}
                  y2={height}
                  className="timeline__grid"
                />
                <text
                  x={x(ms)}
                  y={AXIS_H - 8}
                  className="timeline__tick"
                  textAnchor={i === 0 ? 'start' : i === ticks ? 'end' : 'middle'}
                >
                  {tick(ms)}
                </text>
              </g>
            );
          })}
          <defs>
            <clipPath id="timeline-label-clip">
              <rect x={0} y={0} width={LABEL_W - 10} height={height} />
            </clipPath>
          </defs>
          {rows.map((row, index) => {
            const y = AXIS_H + index * ROW_H;
            return (
              <g key={row.robotId ?? 'facility'} data-robot={row.robotId ?? ''}>
                <text
                  x={0}
                  y={y + ROW_H / 2 + 5}
                  className="timeline__label"
                  clipPath="url(#timeline-label-clip)"
                >
                  {row.robotId ? robotName(row.robotId) : t('logs.facilityRow')}
                </text>
                <rect
                  x={LABEL_W}
                  y={y + 6}
                  width={plotW}
                  height={ROW_H - 12}
                  fill={STATE_COLOURS.unknown}
                />
                {row.bands.map((band, i) => (
                  <rect
                    key={i}
                    x={x(band.fromMs)}
                    y={y + 6}
                    width={Math.max(1, x(band.toMs) - x(band.fromMs))}
                    height={ROW_H - 12}
                    fill={STATE_COLOURS[band.state] ?? STATE_COLOURS.unknown}
                    data-state={band.state}
                  >
                    <title>
                      {`${t(`logs.state.${band.state}`)} ${clock(band.fromMs)}–${clock(band.toMs)}`}
                    </title>
                  </rect>
                ))}
              </g>
            );
          })}
          {timeline.marks.map((mark) => {
            const cx = x(mark.tMs);
            const cy = AXIS_H + rowOf(mark.robotId) * ROW_H + ROW_H / 2;
            const big = mark.kind === 'fault' || mark.kind === 'alert';
            const r = big ? 7 : 4;
            const selected = mark.id === selectedId;
            const label = describeMark(mark);
            return (
              <g
                key={mark.id}
                className={`timeline__mark timeline__mark--${mark.kind}${selected ? ' timeline__mark--selected' : ''}`}
                data-event-id={mark.id}
                role="button"
                tabIndex={big ? 0 : -1}
                aria-label={label}
                onClick={() => onSelectMark(mark)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelectMark(mark);
                  }
                }}
              >
                <title>{label}</title>
                {/* A wider invisible target than the drawn mark. */}
                <rect
                  x={cx - 8}
                  y={cy - ROW_H / 2 + 2}
                  width={16}
                  height={ROW_H - 4}
                  fill="transparent"
                />
                {big ? (
                  <path
                    d={
                      mark.kind === 'fault'
                        ? `M${cx} ${cy - r} L${cx + r} ${cy} L${cx} ${cy + r} L${cx - r} ${cy} Z`
                        : `M${cx} ${cy - r} L${cx + r} ${cy + r - 1} L${cx - r} ${cy + r - 1} Z`
                    }
                    fill={MARK_COLOURS[mark.kind]}
                    stroke="#fff"
                    strokeWidth={1.5}
                  />
                ) : (
                  <line
                    x1={cx}
                    x2={cx}
                    y1={cy - r - 4}
                    y2={cy + r + 4}
                    stroke={MARK_COLOURS[mark.kind] ?? '#475663'}
                    strokeWidth={2}
                  />
                )}
              </g>
            );
          })}
        </svg>
      )}
      <ul className="timeline__legend" aria-hidden="true">
        {(['ready', 'running', 'torque-off', 'fault', 'disconnected', 'unknown'] as const).map(
          (state) => (
            <li key={state}>
              <span className="timeline__swatch" style={{ background: STATE_COLOURS[state] }} />
              {t(`logs.state.${state}`)}
            </li>
          ),
        )}
        <li>
          <span className="timeline__swatch timeline__swatch--fault" />
          {t('logs.kind.fault')}
        </li>
        <li>
          <span className="timeline__swatch timeline__swatch--alert" />
          {t('logs.kind.alert')}
        </li>
      </ul>
      {timeline.omittedMarks > 0 ? (
        <p className="timeline__omitted">
          {t('logs.omittedMarks', { count: timeline.omittedMarks })}
        </p>
      ) : null}
    </div>
  );
}
