/** Robots: is each robot OK? One large card per robot, live from `robots.changed`. */
import { useEffect, useState } from 'react';
import type { RobotState, RobotSummary } from '../api/contract';
import { useApp } from '../app-context';
import { AreaHeader } from '../components/AreaHeader';
import { Icon, type IconName } from '../components/Icon';
import { useLanguage, useT } from '../i18n/i18n';

const STATE_LOOK: Record<RobotState, { tone: string; icon: IconName }> = {
  ready: { tone: 'ok', icon: 'check' },
  running: { tone: 'active', icon: 'play' },
  'torque-off': { tone: 'neutral', icon: 'info' },
  fault: { tone: 'bad', icon: 'alert' },
  disconnected: { tone: 'warn', icon: 'plug' },
  connecting: { tone: 'neutral', icon: 'link' },
};

export function RobotsArea() {
  const t = useT();
  const { api, connection, reportError } = useApp();
  const [robots, setRobots] = useState<RobotSummary[] | null>(null);

  useEffect(() => api.subscribe('robots.changed', setRobots), [api]);

  useEffect(() => {
    if (connection.generation === 0) return;
    let cancelled = false;
    api.invoke('robots.list', {}).then(
      (list) => !cancelled && setRobots(list),
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, connection.generation, reportError]);

  return (
    <>
      <AreaHeader title={t('robots.title')} intro={t('robots.intro')} />
      {robots === null ? (
        <p className="loading" aria-busy="true">
          {t('robots.loading')}
        </p>
      ) : robots.length === 0 ? (
        <NoRobots />
      ) : (
        <ul className="robot-grid" aria-label={t('robots.listLabel')}>
          {robots.map((robot) => (
            <li key={robot.id}>
              <RobotCard robot={robot} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function NoRobots() {
  const t = useT();
  return (
    <section className="panel empty-robots" aria-labelledby="no-robots-title">
      <div className="panel__icon" aria-hidden="true">
        <Icon name="robots" size={40} />
      </div>
      <h2 id="no-robots-title" className="panel__title">
        {t('robots.emptyTitle')}
      </h2>
      <p className="panel__body">{t('robots.emptyBody')}</p>
      <ol className="steps">
        <li>
          <Icon name="plug" size={26} />
          <span>{t('robots.emptyStepUsb')}</span>
        </li>
        <li>
          <Icon name="play" size={26} />
          <span>
            {t('robots.emptyStepDemo')} <code className="command">{t('robots.demoCommand')}</code>
          </span>
        </li>
      </ol>
    </section>
  );
}

function RobotCard({ robot }: { robot: RobotSummary }) {
  const t = useT();
  const language = useLanguage();
  const look = STATE_LOOK[robot.state];
  const titleId = `robot-${robot.id}-name`;
  return (
    <article
      className={`robot-card robot-card--${look.tone}`}
      aria-labelledby={titleId}
      data-robot-id={robot.id}
      data-state={robot.state}
    >
      <div className="robot-card__top">
        <h2 id={titleId} className="robot-card__name">
          {robot.name}
        </h2>
        {robot.simulated ? <span className="tag">{t('robots.simulated')}</span> : null}
      </div>
      <p className={`state-pill state-pill--${look.tone}`}>
        <Icon name={look.icon} size={26} />
        <span className="visually-hidden">{t('robots.state')}: </span>
        {t(`robots.state.${robot.state}`)}
      </p>
      <p className="robot-card__help">{t(`robots.stateHelp.${robot.state}`)}</p>
      {robot.attention ? (
        <div className="attention">
          <Icon name="alert" size={22} />
          <p>
            <strong className="visually-hidden">{t('robots.attention')}: </strong>
            {robot.attention[language]}
          </p>
        </div>
      ) : (
        <p className="robot-card__fine">
          <Icon name="check" size={20} />
          {t('robots.allGood')}
        </p>
      )}
      <dl className="robot-card__meta">
        <div>
          <dt>{t('robots.profile')}</dt>
          <dd>{robot.profile}</dd>
        </div>
        <div>
          <dt>{t('robots.port')}</dt>
          <dd>{robot.port}</dd>
        </div>
      </dl>
    </article>
  );
}
