/**
 * Robots. Care staff see one large card per robot in plain language with the emergency stop
 * always in reach; technicians open a robot's page (joints, plots, control table, packet console)
 * or the connect flow (ports, profiles, bus scan) from here.
 */
import { useEffect, useRef, useState } from 'react';
import type { RobotSummary } from '../../api/contract';
import { AreaHeader } from '../../components/AreaHeader';
import { EmergencyStopButton, EmergencyStopFeedback } from '../../components/EmergencyStop';
import { Icon } from '../../components/Icon';
import { MessagePanel } from '../../components/MessagePanel';
import { useLanguage, useT } from '../../i18n/i18n';
import '../../styles/robots.css';
import { ConnectPage } from './ConnectPage';
import { RobotPage } from './RobotPage';
import { careLook, profileKey } from './robot-look';
import { connectHref, robotHref, useRobotRoute } from './robot-route';
import { useRobotList } from './use-robots';
import { LoadingNote } from '../../components/LoadingNote';

export function RobotsArea() {
  const route = useRobotRoute();
  const robots = useRobotList();
  const previous = useRef(route.page);

  // Moving between the overview and a sub-page: land on the new page's heading.
  useEffect(() => {
    if (previous.current === route.page) return;
    previous.current = route.page;
    document.getElementById('robots-page-heading')?.focus();
  }, [route.page]);

  switch (route.page) {
    case 'connect':
      return <ConnectPage robots={robots ?? []} />;
    case 'robot':
      return (
        <RobotPage key={route.robotId} robotId={route.robotId} tab={route.tab} robots={robots} />
      );
    case 'overview':
      return <Overview robots={robots} />;
  }
}

function Overview({ robots }: { robots: RobotSummary[] | null }) {
  const t = useT();
  return (
    <>
      <AreaHeader title={t('robots.title')} intro={t('robots.intro')}>
        <a className="button" href={connectHref} data-testid="connect-link">
          <Icon name="plug" size={22} />
          {t('robots.connect.open')}
        </a>
      </AreaHeader>
      {robots === null ? (
        <LoadingNote busy>{t('robots.loading')}</LoadingNote>
      ) : robots.length === 0 ? (
        <NoRobots />
      ) : (
        <>
          <section className="estop-bar" aria-label={t('estop.region')}>
            <EmergencyStopButton variant="large" />
            <EmergencyStopFeedback />
          </section>
          <StateAnnouncer robots={robots} />
          <ul className="robot-grid" aria-label={t('robots.listLabel')}>
            {robots.map((robot) => (
              <li key={robot.id}>
                <RobotCard robot={robot} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Says out loud (politely) when a robot's state changes, e.g. "Arm: Needs attention". */
function StateAnnouncer({ robots }: { robots: RobotSummary[] }) {
  const t = useT();
  const language = useLanguage();
  const [seen, setSeen] = useState(robots);
  const [message, setMessage] = useState('');
  if (seen !== robots) {
    // Derived from the change of props, during render (no effect round trip).
    const say = (robot: RobotSummary) =>
      `${t(careLook(robot).key)}${robot.attention ? ` ${robot.attention[language]}` : ''}`;
    const before = new Map(seen.map((robot) => [robot.id, say(robot)]));
    const changes = robots
      .filter((robot) => before.has(robot.id) && before.get(robot.id) !== say(robot))
      .map((robot) => `${robot.name}: ${say(robot)}`);
    setSeen(robots);
    if (changes.length > 0) setMessage(changes.join(' '));
  }
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="robots-announcer">
      {message}
    </p>
  );
}

function NoRobots() {
  const t = useT();
  return (
    <MessagePanel
      className="panel empty-robots"
      icon="robots"
      title={t('robots.emptyTitle')}
      headingId="no-robots-title"
    >
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
      <a className="button button--primary" href={connectHref}>
        <Icon name="plug" size={22} />
        {t('robots.connect.open')}
      </a>
    </MessagePanel>
  );
}

function RobotCard({ robot }: { robot: RobotSummary }) {
  const t = useT();
  const language = useLanguage();
  const look = careLook(robot);
  const titleId = `robot-${robot.id}-name`;
  const profile = profileKey(robot.profile);
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
      <p className={`state-pill state-pill--${look.tone}`} data-testid="care-state">
        <Icon name={look.icon} size={28} />
        <span className="visually-hidden">{t('robots.state')}: </span>
        {t(look.key)}
      </p>
      {robot.attention ? (
        <div className={`attention attention--${look.tone}`}>
          <Icon name="alert" size={24} />
          <p>
            <strong className="visually-hidden">{t('robots.attention')}: </strong>
            {robot.attention[language]}
          </p>
        </div>
      ) : (
        <p className="robot-card__help">{t(`robots.careHelp.${robot.state}`)}</p>
      )}
      <dl className="robot-card__meta">
        <div>
          <dt>{t('robots.profile')}</dt>
          <dd>{profile ? t(profile) : robot.profile}</dd>
        </div>
        <div>
          <dt>{t('robots.port')}</dt>
          <dd>{robot.port}</dd>
        </div>
      </dl>
      <a className="button robot-card__open" href={robotHref(robot.id)} aria-describedby={titleId}>
        <Icon name="tools" size={22} />
        {t('robots.card.open')}
      </a>
    </article>
  );
}
