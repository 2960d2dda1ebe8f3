/**
 * Live plots of up to 10 channels (joint × quantity), one chart per quantity so every axis has
 * one unit, over a rolling window fed by `telemetry.batch`. Charts redraw at most once per
 * animation frame; pausing freezes the picture while data keeps arriving underneath.
 */
import { useCallback, useMemo, useState } from 'react';
import type { JointStatus } from '../../api/contract';
import { useApp } from '../../app-context';
import { LivePlot, type PlotData } from '../../components/charts/LivePlot';
import { useLanguage, useT, type MessageKey } from '../../i18n/i18n';
import { FIELD_UNITS } from '../../telemetry-units';
import { CHANNELS, telemetryHub, type Channel } from './telemetry-hub';

export const MAX_CHANNELS = 10;
const WINDOWS = [10, 30, 60] as const;
/** Colour-blind-safe (Okabe–Ito based) and each joint also gets its own dash. */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#7a5c00', '#56b4e9', '#000000'];
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [1, 2]];

const QUANTITY: Record<Channel, { key: MessageKey; digits: number; scale?: number }> = {
  positionRad: { key: 'robots.channel.position', digits: 2 },
  velocityRadS: { key: 'robots.channel.velocity', digits: 2 },
  currentA: { key: 'robots.channel.current', digits: 2 },
  voltageV: { key: 'robots.channel.voltage', digits: 1 },
  temperatureC: { key: 'robots.channel.temperature', digits: 0 },
};

type Pick = `${string}:${Channel}`;

export function PlotsPanel({ robotId, joints }: { robotId: string; joints: JointStatus[] }) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const hub = telemetryHub(api);
  const [picked, setPicked] = useState<Pick[] | null>(null);
  const [windowSeconds, setWindowSeconds] = useState<number>(30);
  const [paused, setPaused] = useState(false);

  const chosen: Pick[] = picked ?? joints.map((joint) => `${joint.name}:positionRad` as Pick);
  const jointIndex = new Map(joints.map((joint, index) => [joint.name, index]));

  const toggle = (pick: Pick) => {
    const next = chosen.includes(pick)
      ? chosen.filter((p) => p !== pick)
      : chosen.length < MAX_CHANNELS
        ? [...chosen, pick]
        : chosen;
    setPicked(next);
  };

  const subscribe = useCallback(
    (onData: () => void) => hub.listen((id) => id === robotId && onData()),
    [hub, robotId],
  );

  const groups = CHANNELS.map((channel) => ({
    channel,
    joints: chosen
      .filter((pick) => pick.endsWith(`:${channel}`))
      .map((pick) => pick.slice(0, -channel.length - 1))
      .sort((a, b) => (jointIndex.get(a) ?? 99) - (jointIndex.get(b) ?? 99)),
  })).filter((group) => group.joints.length > 0);

  return (
    <div className="plots">
      <div className="plots__toolbar">
        <h2 className="section-title">{t('robots.plots.title')}</h2>
        <div className="segmented" role="radiogroup" aria-label={t('robots.plots.window')}>
          {WINDOWS.map((seconds) => (
            <button
              key={seconds}
              type="button"
              role="radio"
              aria-checked={seconds === windowSeconds}
              className="segmented__option"
              onClick={() => setWindowSeconds(seconds)}
            >
              {t('robots.plots.seconds', { seconds })}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={paused ? 'button button--primary' : 'button'}
          aria-pressed={paused}
          onClick={() => setPaused((value) => !value)}
          data-testid="plots-pause"
        >
          {paused ? t('robots.plots.resume') : t('robots.plots.pause')}
        </button>
      </div>
      <p className="plots__status" aria-live="polite">
        {paused ? t('robots.plots.pausedNote') : null}
      </p>
      {groups.length === 0 ? (
        <p className="hint">{t('robots.plots.none')}</p>
      ) : (
        groups.map(({ channel, joints: names }) => (
          <ChannelPlot
            key={channel}
            robotId={robotId}
            channel={channel}
            jointNames={names}
            labels={names.map(
              (name) => joints.find((joint) => joint.name === name)?.label[language] ?? name,
            )}
            styles={names.map((name) => jointIndex.get(name) ?? 0)}
            windowSeconds={windowSeconds}
            paused={paused}
            subscribe={subscribe}
          />
        ))
      )}
      <fieldset className="channel-picker">
        <legend className="section-title">
          {t('robots.plots.pick', { count: chosen.length, max: MAX_CHANNELS })}
        </legend>
        <div className="table-wrap">
          <table className="channel-picker__table">
            <thead>
              <tr>
                <th scope="col">{t('robots.joints.joint')}</th>
                {CHANNELS.map((channel) => (
                  <th key={channel} scope="col">
                    {t(QUANTITY[channel].key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {joints.map((joint) => (
                <tr key={joint.name}>
                  <th scope="row">{joint.label[language]}</th>
                  {CHANNELS.map((channel) => {
                    const pick: Pick = `${joint.name}:${channel}`;
                    const on = chosen.includes(pick);
                    return (
                      <td key={channel}>
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={on}
                            disabled={!on && chosen.length >= MAX_CHANNELS}
                            onChange={() => toggle(pick)}
                          />
                          <span className="visually-hidden">
                            {joint.label[language]} · {t(QUANTITY[channel].key)}
                          </span>
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {chosen.length >= MAX_CHANNELS ? <p className="hint">{t('robots.plots.full')}</p> : null}
      </fieldset>
    </div>
  );
}

function ChannelPlot({
  robotId,
  channel,
  jointNames,
  labels,
  styles,
  windowSeconds,
  paused,
  subscribe,
}: {
  robotId: string;
  channel: Channel;
  jointNames: string[];
  labels: string[];
  styles: number[];
  windowSeconds: number;
  paused: boolean;
  subscribe: (onData: () => void) => () => void;
}) {
  const t = useT();
  const { api } = useApp();
  const quantity = QUANTITY[channel];
  const series = useMemo(
    () =>
      labels.map((label, i) => ({
        label,
        color: COLORS[(styles[i] ?? i) % COLORS.length] ?? '#000',
        ...(DASHES[(styles[i] ?? i) % DASHES.length]
          ? { dash: DASHES[(styles[i] ?? i) % DASHES.length] }
          : {}),
      })),
    [labels, styles],
  );
  const namesKey = jointNames.join(',');
  const read = useCallback((): PlotData => {
    const telemetry = telemetryHub(api).robot(robotId);
    const newest = telemetry.newestMs ?? Date.now();
    return telemetry.window(
      newest - windowSeconds * 1000,
      namesKey.split(',').map((joint) => ({ joint, channel })),
    );
  }, [api, robotId, windowSeconds, namesKey, channel]);
  return (
    <div data-testid={`plot-${channel}`}>
      <LivePlot
        label={`${t(quantity.key)} (${FIELD_UNITS[channel]})`}
        unit={FIELD_UNITS[channel]}
        series={series}
        windowSeconds={windowSeconds}
        paused={paused}
        read={read}
        subscribe={subscribe}
        format={(value) => value.toFixed(quantity.digits)}
        timeLabel={t('robots.plots.time')}
        height={200}
      />
    </div>
  );
}
