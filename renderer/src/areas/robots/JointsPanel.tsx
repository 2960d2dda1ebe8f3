/**
 * Every joint's live readings (telemetry, throttled to a readable rate), its torque and its
 * hardware errors in words; below, moving one joint with the limits shown.
 */
import { useState } from 'react';
import type { JointStatus, RobotDetail } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { Icon } from '../../components/Icon';
import { useLanguage, useT } from '../../i18n/i18n';
import { ActionStatus } from './ActionStatus';
import { RAD_TO_DEG, deg } from './robot-look';
import { telemetryHub } from './telemetry-hub';
import { useAction } from './use-action';
import { useTelemetryTick } from './use-robots';
import { Panel } from '../../components/Panel';
import { TableHead } from '../../components/TableHead';

/** Telemetry older than this is not shown as live; the last detail read is used instead. */
const FRESH_MS = 1500;
/** XM430-W350 shuts down at 80 °C (Temperature Limit); warn well before. */
const HOT_C = 70;

export interface Reading {
  positionRad: number;
  currentA: number;
  voltageV: number;
  temperatureC: number;
  live: boolean;
}

export function useReadings(detail: RobotDetail): Map<string, Reading> {
  const { api } = useApp();
  useTelemetryTick(detail.summary.id);
  const telemetry = telemetryHub(api).robot(detail.summary.id);
  const readings = new Map<string, Reading>();
  for (const joint of detail.joints) {
    const sample = telemetry.latest.get(joint.name);
    readings.set(
      joint.name,
      sample && telemetry.isFresh(joint.name, FRESH_MS)
        ? { ...sample, live: true }
        : { ...joint, live: false },
    );
  }
  return readings;
}

export function JointsPanel({ detail, onChanged }: { detail: RobotDetail; onChanged: () => void }) {
  const t = useT();
  // Only what this role may use: others see the joints, not the controls they would be refused.
  const { can } = useAuth();
  const readings = useReadings(detail);
  const live = [...readings.values()].some((reading) => reading.live);
  return (
    <>
      <div className="panel-heading">
        <h2 className="section-title">{t('robots.joints.title')}</h2>
        <p className={live ? 'live-badge live-badge--on' : 'live-badge'} data-testid="live-badge">
          <span className="live-badge__dot" aria-hidden="true" />
          {live ? t('robots.joints.live') : t('robots.joints.notLive')}
        </p>
      </div>
      <div className="table-wrap">
        <table className="joint-table" data-testid="joint-table">
          <caption className="visually-hidden">{t('robots.joints.caption')}</caption>
          <TableHead
            headings={[
              t('robots.joints.joint'),
              t('robots.joints.position'),
              t('robots.joints.temperature'),
              t('robots.joints.current'),
              t('robots.joints.voltage'),
              t('robots.joints.torque'),
              t('robots.joints.errors'),
            ]}
          />
          <tbody>
            {detail.joints.map((joint) => (
              <JointRow
                key={joint.name}
                robotId={detail.summary.id}
                joint={joint}
                reading={readings.get(joint.name) ?? { ...joint, live: false }}
                operate={can('robots.command')}
                onChanged={onChanged}
              />
            ))}
          </tbody>
        </table>
      </div>
      {can('robots.moveJoint') ? (
        <MoveJoint detail={detail} readings={readings} onChanged={onChanged} />
      ) : null}
    </>
  );
}

function JointRow({
  robotId,
  joint,
  reading,
  operate,
  onChanged,
}: {
  robotId: string;
  joint: JointStatus;
  reading: Reading;
  /** Whether this person may switch torque (technicians). */
  operate: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const { outcome, run, busy } = useAction();
  const hot = reading.temperatureC >= HOT_C;
  const label = joint.label[language];
  const toggle = () =>
    void run(
      joint.torqueOn ? t('robots.action.torqueOff') : t('robots.action.torqueOn'),
      () =>
        api.invoke('robots.command', {
          robotId,
          command: joint.torqueOn ? 'torque-off' : 'torque-on',
          joint: joint.name,
        }),
      joint.torqueOn
        ? t('robots.done.torqueOffJoint', { joint: label })
        : t('robots.done.torqueOnJoint', { joint: label }),
    ).then(onChanged);
  return (
    <>
      <tr
        className={joint.hwError ? 'joint-row joint-row--fault' : 'joint-row'}
        data-joint={joint.name}
      >
        <th scope="row">
          <span className="joint-row__name">{label}</span>
          <span className="joint-row__id">
            {joint.name} · ID {joint.servoId}
          </span>
        </th>
        <td className="num" data-testid="joint-position">
          <span className="joint-row__big">{deg(reading.positionRad)}°</span>
          <span className="joint-row__small">{reading.positionRad.toFixed(3)} rad</span>
        </td>
        <td className={hot ? 'num joint-row--hot' : 'num'}>
          {hot ? <Icon name="alert" size={18} /> : null}
          {reading.temperatureC.toFixed(0)} °C
          {hot ? <span className="visually-hidden"> {t('robots.joints.hot')}</span> : null}
        </td>
        <td className="num">{reading.currentA.toFixed(2)} A</td>
        <td className="num">{reading.voltageV.toFixed(1)} V</td>
        <td>
          <div className="torque-cell">
            <span
              className={joint.torqueOn ? 'torque torque--on' : 'torque torque--off'}
              data-testid="joint-torque"
              data-on={joint.torqueOn ? 'true' : 'false'}
            >
              <Icon name={joint.torqueOn ? 'link' : 'info'} size={18} />
              {joint.torqueOn ? t('robots.joints.torqueOn') : t('robots.joints.torqueOff')}
            </span>
            {operate ? (
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                onClick={toggle}
                aria-label={
                  joint.torqueOn
                    ? t('robots.joints.turnOffNamed', { joint: label })
                    : t('robots.joints.turnOnNamed', { joint: label })
                }
              >
                {joint.torqueOn ? t('robots.joints.turnOff') : t('robots.joints.turnOn')}
              </button>
            ) : null}
          </div>
        </td>
        <td className="joint-row__errors">
          {joint.hwErrorText.length === 0 ? (
            <span className="muted">{t('robots.joints.noErrors')}</span>
          ) : (
            <ul>
              {joint.hwErrorText.map((text) => (
                <li key={text.en}>
                  <Icon name="alert" size={16} /> {text[language]}
                </li>
              ))}
            </ul>
          )}
        </td>
      </tr>
      {outcome.state === 'failed' ? (
        <tr className="joint-row__message">
          <td colSpan={7}>
            <ActionStatus outcome={outcome} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MoveJoint({
  detail,
  readings,
  onChanged,
}: {
  detail: RobotDetail;
  readings: Map<string, Reading>;
  onChanged: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const { outcome, run, busy } = useAction();
  const [name, setName] = useState(detail.joints[0]?.name ?? '');
  const joint = detail.joints.find((candidate) => candidate.name === name) ?? detail.joints[0];
  const [target, setTarget] = useState<number | null>(null);
  if (!joint) return null;
  const reading = readings.get(joint.name);
  const nowDeg = (reading?.positionRad ?? joint.positionRad) * RAD_TO_DEG;
  const minDeg = joint.minRad * RAD_TO_DEG;
  const maxDeg = joint.maxRad * RAD_TO_DEG;
  const shown = target ?? Math.round(nowDeg);
  const label = joint.label[language];

  const move = (degrees: number) => {
    const rad = degrees / RAD_TO_DEG;
    void run(
      t('robots.move.action', { joint: label }),
      () =>
        api.invoke('robots.moveJoint', {
          robotId: detail.summary.id,
          joint: joint.name,
          positionRad: rad,
        }),
      t('robots.move.done', { joint: label, deg: degrees.toFixed(1) }),
    ).then(onChanged);
  };

  return (
    <Panel title={t('robots.move.title')} className="move-joint" headingId="move-joint-title">
      <div className="segmented" role="radiogroup" aria-label={t('robots.move.pick')}>
        {detail.joints.map((candidate) => (
          <button
            key={candidate.name}
            type="button"
            role="radio"
            aria-checked={candidate.name === joint.name}
            className="segmented__option"
            onClick={() => {
              setName(candidate.name);
              setTarget(null);
            }}
          >
            {candidate.label[language]}
          </button>
        ))}
      </div>
      {!joint.torqueOn ? <p className="hint">{t('robots.move.torqueOffHint')}</p> : null}
      <div className="move-joint__row">
        <label className="move-joint__slider">
          <span>
            {t('robots.move.target', { joint: label })}{' '}
            <strong className="num">{shown.toFixed(0)}°</strong>
          </span>
          <input
            type="range"
            min={Math.ceil(minDeg)}
            max={Math.floor(maxDeg)}
            step={1}
            value={shown}
            onChange={(event) => setTarget(Number(event.target.value))}
            aria-valuetext={`${shown.toFixed(0)}°`}
          />
          <span className="move-joint__limits">
            {t('robots.move.limits', {
              min: minDeg.toFixed(1),
              max: maxDeg.toFixed(1),
              minRad: joint.minRad.toFixed(3),
              maxRad: joint.maxRad.toFixed(3),
            })}
          </span>
        </label>
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => move(shown)}
          data-testid="move-joint"
        >
          {t('robots.move.go')}
        </button>
      </div>
      <div className="jog" role="group" aria-label={t('robots.move.jog', { joint: label })}>
        {[-10, -1, 1, 10].map((step) => (
          <button
            key={step}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              const next = Math.round(nowDeg) + step;
              setTarget(next);
              move(next);
            }}
          >
            {step > 0 ? `+${step}°` : `−${-step}°`}
          </button>
        ))}
        <span className="move-joint__now">
          {t('robots.move.now')} <strong className="num">{nowDeg.toFixed(1)}°</strong>
        </span>
      </div>
      <ActionStatus outcome={outcome} />
    </Panel>
  );
}
