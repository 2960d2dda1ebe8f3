/**
 * The diagnostics banner on every screen: alerts nobody has acknowledged yet, newest first, in
 * the care sentence of the reader's language, with a link to the alert. It leaves once someone
 * acknowledges (the alert itself stays in Diagnostics until resolved). Not shown inside the
 * Diagnostics area, which lists the same alerts in full.
 */
import { Icon } from '../../components/Icon';
import '../../styles/diagnostics.css';
import { useLanguage, useT } from '../../i18n/i18n';
import type { AreaId } from '../../routing';
import { useRobotList } from '../robots/use-robots';
import { severityOf } from './alert-look';
import { alertHref } from './diagnostics-route';
import { useAlerts } from './use-alerts';

export function AlertBanner({ area }: { area: AreaId }) {
  const alerts = useAlerts();
  if (area === 'diagnostics' || !alerts) return null;
  const raised = alerts.filter((a) => a.state === 'raised');
  if (raised.length === 0) return null;
  return <BannerBody raised={raised} />;
}

function BannerBody({ raised }: { raised: NonNullable<ReturnType<typeof useAlerts>> }) {
  const t = useT();
  const language = useLanguage();
  const robots = useRobotList();
  const newest = raised[0];
  if (!newest) return null;
  const robot = robots?.find((r) => r.id === newest.robotId)?.name ?? newest.robotId;
  const severity = raised.some((a) => severityOf(a) === 'error') ? 'error' : 'warning';
  return (
    <aside
      className={`alert-banner alert-banner--${severity}`}
      aria-label={t('diag.banner.label')}
      data-testid="alert-banner"
      data-alert-id={newest.id}
    >
      <Icon name="alert" size={28} />
      <p className="alert-banner__text" role="alert">
        <strong>{newest.label[language]}</strong> —{' '}
        {t('diag.banner.one', { robot, sentence: newest.care[language] })}
        {raised.length > 1 ? (
          <span className="alert-banner__more">
            {' '}
            ({t('diag.banner.more', { count: raised.length - 1 })})
          </span>
        ) : null}
      </p>
      <a
        className="button alert-banner__open"
        href={alertHref(newest.id)}
        aria-label={t('diag.banner.openNamed', { robot, fault: newest.label[language] })}
      >
        {t('diag.banner.open')}
      </a>
    </aside>
  );
}
