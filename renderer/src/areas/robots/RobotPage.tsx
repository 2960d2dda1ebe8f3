/**
 * One robot, for technicians: a header that always holds torque, reboot, go home and the
 * emergency stop, then tabs for joints (or gripper), live plots, the control table and the raw
 * packet console.
 */
import { useState } from 'react';
import type { RobotDetail, RobotSummary } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { EmergencyStopButton, EmergencyStopFeedback } from '../../components/EmergencyStop';
import { Icon } from '../../components/Icon';
import { useLanguage, useT, type MessageKey } from '../../i18n/i18n';
import { ActionStatus } from './ActionStatus';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConsolePanel } from './ConsolePanel';
import { ControlTablePanel } from './ControlTablePanel';
import { GripperPanel } from './GripperPanel';
import { JointsPanel } from './JointsPanel';
import { PlotsPanel } from './PlotsPanel';
import { STATE_LOOK } from './robot-look';
import { navigate, overviewHref, robotHref, type RobotTab } from './robot-route';
import { useAction } from './use-action';
import { useRobotDetail } from './use-robots';
import { LoadingNote } from '../../components/LoadingNote';

const TAB_LABEL: Record<RobotTab, MessageKey> = {
  joints: 'robots.tab.joints',
  plots: 'robots.tab.plots',
  table: 'robots.tab.table',
  console: 'robots.tab.console',
};

export function RobotPage({
  robotId,
  tab,
  robots,
}: {
  robotId: string;
  tab: RobotTab;
  robots: RobotSummary[] | null;
}) {
  const t = useT();
  const { can } = useAuth();
  const { detail, error, refresh } = useRobotDetail(robotId);
  const listed = robots?.find((robot) => robot.id === robotId);
  const summary = listed ?? detail?.summary;

  if (!summary) {
    const gone = robots !== null && error !== null;
    return (
      <>
        <BackLink />
        <h1 id="robots-page-heading" className="area-header__title" tabIndex={-1}>
          {gone ? t('robots.page.goneTitle') : t('robots.loading')}
        </h1>
        {gone ? <p className="panel__body">{error}</p> : null}
      </>
    );
  }

  const isArm = detail ? detail.kind === 'arm' : summary.profile !== 'robotiq-2f85';
  // Tabs this role may use: the control table for readers, the packet console for technicians.
  const tabs = (
    isArm ? (['joints', 'plots', 'table', 'console'] as const) : (['joints', 'console'] as const)
  ).filter(
    (name) =>
      (name !== 'table' || can('controlTable.read')) && (name !== 'console' || can('console.send')),
  );
  const current = tabs.includes(tab) ? tab : 'joints';

  return (
    <div className="robot-page" data-robot-id={robotId}>
      <BackLink />
      <RobotHeader summary={summary} detail={detail} isArm={isArm} onChanged={refresh} />
      <nav className="robot-tabs" aria-label={t('robots.tab.label')}>
        {tabs.map((name) => (
          <a
            key={name}
            href={robotHref(robotId, name)}
            className={name === current ? 'robot-tab robot-tab--current' : 'robot-tab'}
            aria-current={name === current ? 'page' : undefined}
            data-tab={name}
          >
            {name === 'joints' && !isArm ? t('robots.tab.gripper') : t(TAB_LABEL[name])}
          </a>
        ))}
      </nav>
      <section className="robot-panel" aria-label={t(TAB_LABEL[current])}>
        {current === 'joints' ? (
          detail === null ? (
            <LoadingNote>{t('robots.loading')}</LoadingNote>
          ) : isArm ? (
            <JointsPanel detail={detail} onChanged={refresh} />
          ) : (
            <GripperPanel detail={detail} onChanged={refresh} />
          )
        ) : current === 'plots' ? (
          <PlotsPanel robotId={robotId} joints={detail?.joints ?? []} />
        ) : current === 'table' ? (
          <ControlTablePanel detail={detail} onChanged={refresh} />
        ) : (
          <ConsolePanel robotId={robotId} isArm={isArm} joints={detail?.joints ?? []} />
        )}
      </section>
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <a className="back-link" href={overviewHref}>
      <span aria-hidden="true">←</span> {t('robots.page.back')}
    </a>
  );
}

function RobotHeader({
  summary,
  detail,
  isArm,
  onChanged,
}: {
  summary: RobotSummary;
  detail: RobotDetail | null;
  isArm: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  const language = useLanguage();
  const { api } = useApp();
  const { can } = useAuth();
  const operate = can('robots.command');
  const { outcome, run, busy } = useAction();
  const [confirmReboot, setConfirmReboot] = useState(false);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const look = STATE_LOOK[summary.state];
  const robotId = summary.id;
  const anyTorque = detail
    ? detail.joints.some((joint) => joint.torqueOn)
    : summary.state !== 'torque-off';
  const allTorque = detail ? detail.joints.every((joint) => joint.torqueOn) : false;
  const offline = summary.state === 'disconnected' || summary.state === 'connecting';

  const command = (
    name: 'torque-on' | 'torque-off' | 'reboot' | 'go-home',
    label: MessageKey,
    done: MessageKey,
  ) =>
    void run(
      t(label),
      () => api.invoke('robots.command', { robotId, command: name }),
      t(done),
    ).then(onChanged);

  return (
    <header className="robot-header">
      <div className="robot-header__title">
        <h1 id="robots-page-heading" className="area-header__title" tabIndex={-1}>
          {summary.name}
        </h1>
        <p
          className={`state-pill state-pill--${look.tone}`}
          data-testid="robot-state"
          data-state={summary.state}
        >
          <Icon name={look.icon} size={24} />
          <span className="visually-hidden">{t('robots.state')}: </span>
          {t(`robots.state.${summary.state}`)}
        </p>
        <p className="robot-header__meta">
          {detail ? detail.profileName[language] : summary.profile} ·{' '}
          <span className="mono">{summary.port}</span>
          {detail ? (
            <>
              {' '}
              ·{' '}
              {t('robots.page.bus', {
                baud: detail.bus.baudRate.toLocaleString(),
                hz: detail.bus.pollHz.toFixed(0),
              })}
            </>
          ) : null}
        </p>
        {summary.attention ? (
          <p className="robot-header__attention">
            <Icon name="alert" size={20} />
            {summary.attention[language]}
          </p>
        ) : null}
      </div>
      <div className="robot-header__actions" role="group" aria-label={t('robots.page.actions')}>
        {isArm && operate ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy || offline || !anyTorque}
              onClick={() =>
                command('torque-off', 'robots.action.torqueOff', 'robots.done.torqueOff')
              }
              data-testid="torque-off-all"
            >
              {t('robots.action.torqueOff')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy || offline || allTorque}
              onClick={() => command('torque-on', 'robots.action.torqueOn', 'robots.done.torqueOn')}
              data-testid="torque-on-all"
            >
              {t('robots.action.torqueOn')}
            </button>
          </>
        ) : null}
        {isArm && operate ? (
          <button
            type="button"
            className="button"
            disabled={busy || offline}
            onClick={() => command('go-home', 'robots.action.home', 'robots.done.home')}
          >
            {t('robots.action.home')}
          </button>
        ) : null}
        {operate ? (
          <button
            type="button"
            className="button"
            disabled={busy || offline}
            onClick={() => setConfirmReboot(true)}
          >
            {t('robots.action.reboot')}
          </button>
        ) : null}
        {can('robots.disconnect') ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => setConfirmDisconnect(true)}
          >
            {t('robots.action.disconnect')}
          </button>
        ) : null}
        <EmergencyStopButton variant="header" />
      </div>
      <EmergencyStopFeedback />
      <ActionStatus outcome={outcome} />
      <ConfirmDialog
        open={confirmReboot}
        title={t('robots.reboot.title', { name: summary.name })}
        confirmLabel={t('robots.action.reboot')}
        danger
        onCancel={() => setConfirmReboot(false)}
        onConfirm={() => {
          setConfirmReboot(false);
          command('reboot', 'robots.action.reboot', 'robots.done.reboot');
        }}
      >
        <p>{t('robots.reboot.body')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmDisconnect}
        title={t('robots.disconnect.title', { name: summary.name })}
        confirmLabel={t('robots.action.disconnect')}
        onCancel={() => setConfirmDisconnect(false)}
        onConfirm={() => {
          setConfirmDisconnect(false);
          void run(
            t('robots.action.disconnect'),
            () => api.invoke('robots.disconnect', { robotId }),
            t('robots.done.disconnect'),
          ).then((ok) => ok && navigate(overviewHref));
        }}
      >
        <p>{t('robots.disconnect.body')}</p>
      </ConfirmDialog>
    </header>
  );
}
