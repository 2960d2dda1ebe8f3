/**
 * The care-staff view: each open alert as one large, calm card — the robot, one plain sentence
 * that already says whom to call, and "I have seen this" (acknowledge, ≥ 48 px). Nothing about
 * probabilities or plots. When all is well, it says so.
 */
import { Icon } from '../../components/Icon';
import { MessagePanel } from '../../components/MessagePanel';
import { useLanguage, useT } from '../../i18n/i18n';
import { clockTime, isOpen, severityOf, whoText } from './alert-look';
import { useAcknowledge } from './use-acknowledge';
import type { Alert } from './use-alerts';

export function CareAlerts({
  alerts,
  robotNames,
  focusId,
}: {
  alerts: Alert[];
  robotNames: ReadonlyMap<string, string>;
  focusId: string | null;
}) {
  const t = useT();
  const open = alerts.filter(isOpen);
  if (open.length === 0) {
    return (
      <MessagePanel
        className="panel care-all-well"
        icon="check"
        iconClassName="panel__icon--ok"
        title={t('diag.care.allWell')}
        headingId="care-all-well"
        testId="care-all-well"
      >
        <p className="panel__body">{t('diag.care.allWellBody')}</p>
      </MessagePanel>
    );
  }
  return (
    <ul className="care-alerts" aria-label={t('diag.care.listLabel')}>
      {open.map((alert) => (
        <li key={alert.id}>
          <CareAlertCard
            alert={alert}
            robotName={robotNames.get(alert.robotId) ?? alert.robotId}
            focused={alert.id === focusId}
          />
        </li>
      ))}
    </ul>
  );
}

function CareAlertCard({
  alert,
  robotName,
  focused,
}: {
  alert: Alert;
  robotName: string;
  focused: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const { mayAcknowledge, busy, acknowledge } = useAcknowledge(alert.id);
  const titleId = `care-alert-${alert.id}`;
  return (
    <article
      className={`care-alert care-alert--${severityOf(alert)} care-alert--${alert.state}${focused ? ' care-alert--focused' : ''}`}
      aria-labelledby={titleId}
      data-alert-id={alert.id}
      data-fault={alert.fault}
      data-state={alert.state}
    >
      <header className="care-alert__top">
        <Icon name="alert" size={32} />
        <h2 id={titleId} className="care-alert__robot">
          {robotName}
        </h2>
        <span className="care-alert__since">
          {t('diag.care.since', { time: clockTime(alert.raisedMs, language) })}
        </span>
      </header>
      <p className="care-alert__sentence" data-testid="care-sentence">
        {alert.care[language]}
      </p>
      <p className="care-alert__call">
        <Icon name="accounts" size={24} />
        <span>
          <span className="care-alert__call-label">{t('diag.care.whomToCall')}</span>
          {t('diag.care.technician')}
        </span>
      </p>
      {alert.state === 'raised' ? (
        mayAcknowledge ? (
          <button
            type="button"
            className="button button--primary care-alert__ack"
            onClick={acknowledge}
            disabled={busy}
            aria-label={t('diag.care.acknowledgeNamed', {
              robot: robotName,
              fault: alert.label[language],
            })}
            data-testid="care-acknowledge"
          >
            <Icon name="check" size={26} />
            {t('diag.care.acknowledge')}
          </button>
        ) : null
      ) : (
        <p className="care-alert__seen" data-testid="care-seen">
          <Icon name="check" size={24} />
          {t('diag.care.acknowledged', {
            who: whoText(alert.acknowledgedBy),
            time: clockTime(alert.acknowledgedMs ?? alert.raisedMs, language),
          })}
        </p>
      )}
    </article>
  );
}
