/** The Robotiq 2F-85: its status in words, and activate / open / close / stop / move with speed and force. */
import { useState } from 'react';
import type { RobotDetail } from '../../api/contract';
import { useApp } from '../../app-context';
import { Icon } from '../../components/Icon';
import { useLanguage, useT } from '../../i18n/i18n';
import { ActionStatus } from './ActionStatus';
import { useAction } from './use-action';
import type { LabelledValueProps } from '../../components/LabelledField';
import { LoadingNote } from '../../components/LoadingNote';

type GripperAction = 'activate' | 'open' | 'close' | 'stop' | 'move';

export function GripperPanel({
  detail,
  onChanged,
}: {
  detail: RobotDetail;
  onChanged: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const { outcome, run, busy } = useAction();
  const [position, setPosition] = useState(50);
  const [speed, setSpeed] = useState(50);
  const [force, setForce] = useState(50);
  const gripper = detail.gripper;
  if (!gripper) return <LoadingNote>{t('robots.loading')}</LoadingNote>;

  const send = (action: GripperAction) =>
    void run(
      t(`robots.gripper.${action}`),
      () =>
        api.invoke('gripper.command', {
          robotId: detail.summary.id,
          action,
          ...(action === 'move' ? { openFraction: position / 100 } : {}),
          ...(action === 'move' || action === 'open' || action === 'close'
            ? { speed: speed / 100, force: force / 100 }
            : {}),
        }),
      t(`robots.gripper.done.${action}`),
    ).then(onChanged);
  /** Stop stays available while another command runs; the rest wait for it. */
  const commandButton = (action: GripperAction, className = 'button', waits = true) => (
    <button
      type="button"
      className={className}
      disabled={waits ? busy : undefined}
      onClick={() => send(action)}
    >
      {t(`robots.gripper.${action}`)}
    </button>
  );

  return (
    <div className="gripper">
      <h2 className="section-title">{t('robots.gripper.title')}</h2>
      <dl className="facts gripper__facts" data-testid="gripper-status">
        <div className="facts__row">
          <dt>{t('robots.gripper.activated')}</dt>
          <dd>{gripper.activated ? t('robots.yes') : t('robots.gripper.notActivated')}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('robots.gripper.opening')}</dt>
          <dd className="num">
            {Math.round(gripper.openFraction * 100)} %
            <meter
              className="gripper__meter"
              min={0}
              max={1}
              value={gripper.openFraction}
              aria-label={t('robots.gripper.opening')}
            />
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('robots.gripper.motion')}</dt>
          <dd>
            {gripper.moving ? t('robots.gripper.moving') : t('robots.gripper.still')}
            {gripper.objectDetected !== 'moving'
              ? ` · ${t(`robots.gripper.object.${gripper.objectDetected}`)}`
              : null}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('robots.joints.current')}</dt>
          <dd className="num">{gripper.currentA.toFixed(2)} A</dd>
        </div>
        <div className="facts__row">
          <dt>{t('robots.gripper.fault')}</dt>
          <dd>
            {gripper.fault ? (
              <span className="text-bad">
                <Icon name="alert" size={18} /> {gripper.fault[language]} ({gripper.fault.code})
              </span>
            ) : (
              t('robots.joints.noErrors')
            )}
          </dd>
        </div>
      </dl>
      {!gripper.activated ? <p className="hint">{t('robots.gripper.activateHint')}</p> : null}
      <div className="gripper__buttons">
        {commandButton('activate', 'button button--primary')}
        {commandButton('open')}
        {commandButton('close')}
        {commandButton('stop', 'button', false)}
      </div>
      <div className="gripper__sliders">
        <Slider label={t('robots.gripper.position')} value={position} onValue={setPosition} />
        <Slider label={t('robots.gripper.speed')} value={speed} onValue={setSpeed} />
        <Slider label={t('robots.gripper.force')} value={force} onValue={setForce} />
        {commandButton('move', 'button button--primary')}
      </div>
      <ActionStatus outcome={outcome} />
    </div>
  );
}

function Slider({ label, value, onValue }: LabelledValueProps<number>) {
  return (
    <label className="slider">
      <span>
        {label} <strong className="num">{value} %</strong>
      </span>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={value}
        onChange={(event) => onValue(Number(event.target.value))}
        aria-valuetext={`${value} %`}
      />
    </label>
  );
}
