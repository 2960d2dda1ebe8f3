/**
 * The technician's view: every alert with its lifecycle, confidence and anomaly score, the
 * evidence window with the relevant channel highlighted, the technician advice, the history of
 * resolved alerts, and filters by robot and joint. Supervisors and administrators read the same.
 */
import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { useLanguage, useT } from '../../i18n/i18n';
import {
  STATE_KEY,
  clockTime,
  isOpen,
  percent,
  severityOf,
  when,
  whereText,
  whoText,
} from './alert-look';
import { alertHref } from './diagnostics-route';
import { EvidencePlot } from './EvidencePlot';
import { useAcknowledge } from './use-acknowledge';
import type { Alert, Text } from './use-alerts';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TableHead } from '../../components/TableHead';

interface Names {
  robotNames: ReadonlyMap<string, string>;
  jointLabels: ReadonlyMap<string, ReadonlyMap<string, Text>>;
}

export function TechnicianAlerts({
  alerts,
  selectedId,
  ...names
}: Names & { alerts: Alert[]; selectedId: string | null }) {
  const t = useT();
  const language = useLanguage();
  const [robot, setRobot] = useState('');
  const [joint, setJoint] = useState('');
  const robots = [...new Set(alerts.map((a) => a.robotId))];
  const joints = [
    ...new Set(alerts.filter((a) => !robot || a.robotId === robot).map((a) => a.joint)),
  ].sort();
  const shown = alerts.filter(
    (a) => (!robot || a.robotId === robot) && (!joint || a.joint === joint),
  );
  const open = shown.filter(isOpen);
  const history = shown.filter((a) => !isOpen(a));
  const selected =
    (selectedId ? alerts.find((a) => a.id === selectedId) : undefined) ?? open[0] ?? null;

  return (
    <div className="tech-alerts">
      <div className="tech-alerts__filters" role="group" aria-label={t('diag.tech.filterRobot')}>
        <SelectField
          className="field field--inline"
          label={t('diag.tech.filterRobot')}
          value={robot}
          none={t('diag.tech.all')}
          options={robots}
          optionLabel={(id) => names.robotNames.get(id) ?? id}
          onValue={(id) => {
            setRobot(id);
            setJoint('');
          }}
          data-testid="filter-robot"
        />
        <SelectField
          className="field field--inline"
          label={t('diag.tech.filterJoint')}
          value={joint}
          none={t('diag.tech.all')}
          options={joints}
          optionLabel={(name) => {
            const label = robot ? names.jointLabels.get(robot)?.get(name) : undefined;
            return label ? `${label[language]} (${name})` : name;
          }}
          onValue={setJoint}
          data-testid="filter-joint"
        />
      </div>

      <Panel title={t('diag.tech.open')} className="tech-alerts__open" headingId="tech-open-title">
        {open.length === 0 ? (
          <p className="muted" data-testid="tech-no-open">
            {t('diag.tech.noOpen')}
          </p>
        ) : (
          <AlertTable alerts={open} selectedId={selected?.id ?? null} {...names} />
        )}
      </Panel>

      {selectedId && !selected ? (
        <p className="muted">{t('diag.tech.notFound')}</p>
      ) : selected ? (
        <AlertDetail alert={selected} {...names} />
      ) : null}

      <Panel
        title={t('diag.tech.history')}
        className="tech-alerts__history"
        headingId="tech-history-title"
      >
        {history.length === 0 ? (
          <p className="muted">{t('diag.tech.noHistory')}</p>
        ) : (
          <AlertTable alerts={history} selectedId={selected?.id ?? null} history {...names} />
        )}
      </Panel>
    </div>
  );
}

function AlertTable({
  alerts,
  selectedId,
  history = false,
  robotNames,
  jointLabels,
}: Names & { alerts: Alert[]; selectedId: string | null; history?: boolean }) {
  const t = useT();
  const language = useLanguage();
  return (
    <div className="table-scroll">
      <table className="alert-table" data-testid={history ? 'history-table' : 'open-table'}>
        <TableHead
          headings={[
            t('diag.tech.fault'),
            t('diag.tech.where'),
            { text: t('diag.tech.confidence'), className: 'num' },
            t('diag.tech.state'),
            t('diag.tech.raised'),
            ...(history ? [t('diag.tech.resolved')] : []),
            <span className="visually-hidden">{t('diag.tech.show')}</span>,
          ]}
        />
        <tbody>
          {alerts.map((alert) => {
            const where = whereText(alert, language, robotNames, jointLabels);
            return (
              <tr
                key={alert.id}
                className={alert.id === selectedId ? 'alert-row alert-row--selected' : 'alert-row'}
                data-alert-id={alert.id}
                data-fault={alert.fault}
                data-state={alert.state}
              >
                <th scope="row">
                  <span className={`sev sev--${severityOf(alert)}`}>
                    <Icon name="alert" size={18} />
                    {alert.label[language]}
                  </span>
                </th>
                <td>{where}</td>
                <td className="num">{percent(alert.confidence)}</td>
                <td>
                  <span className={`state-tag state-tag--${alert.state}`}>
                    {t(STATE_KEY[alert.state])}
                  </span>
                </td>
                <td>{when(alert.raisedMs, language)}</td>
                {history ? (
                  <td>{alert.resolvedMs ? when(alert.resolvedMs, language) : '—'}</td>
                ) : null}
                <td>
                  <a
                    className="button button--small"
                    href={alertHref(alert.id)}
                    aria-current={alert.id === selectedId ? 'true' : undefined}
                    aria-label={t('diag.tech.showNamed', { fault: alert.label[language], where })}
                  >
                    {t('diag.tech.show')}
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AlertDetail({ alert, robotNames, jointLabels }: Names & { alert: Alert }) {
  const t = useT();
  const language = useLanguage();
  const { mayAcknowledge, busy, acknowledge } = useAcknowledge(alert.id);
  const where = whereText(alert, language, robotNames, jointLabels);
  return (
    <section
      className={`panel alert-detail alert-detail--${severityOf(alert)}`}
      aria-labelledby="alert-detail-title"
      data-testid="alert-detail"
      data-alert-id={alert.id}
      data-fault={alert.fault}
      data-state={alert.state}
      data-by-hardware={alert.byHardware ? 'true' : 'false'}
    >
      <header className="alert-detail__head">
        <div>
          <p className="alert-detail__kicker">{t('diag.tech.detail')}</p>
          <h2 id="alert-detail-title" className="alert-detail__title">
            {alert.label[language]} <span className="alert-detail__where">— {where}</span>
          </h2>
        </div>
        <span className={`state-tag state-tag--${alert.state}`} data-testid="detail-state">
          {t(STATE_KEY[alert.state])}
        </span>
        {alert.state === 'raised' && mayAcknowledge ? (
          <button
            type="button"
            className="button button--primary"
            onClick={acknowledge}
            disabled={busy}
            aria-label={t('diag.tech.acknowledgeNamed', { fault: alert.label[language], where })}
          >
            <Icon name="check" size={22} />
            {t('diag.tech.acknowledge')}
          </button>
        ) : null}
      </header>

      <dl className="alert-facts">
        <div>
          <dt>{t('diag.tech.confidence')}</dt>
          <dd data-testid="detail-confidence">
            <span className="alert-facts__big">{percent(alert.confidence)}</span>
            <meter min={0} max={1} value={alert.confidence} aria-hidden="true" />
          </dd>
        </div>
        <div>
          <dt>{t('diag.tech.anomaly')}</dt>
          <dd>
            <span className="alert-facts__big">{alert.anomaly.toFixed(2)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('diag.tech.source')}</dt>
          <dd data-testid="detail-source">
            {alert.byHardware ? t('diag.tech.byHardware') : t('diag.tech.byModel')}
          </dd>
        </div>
      </dl>
      <p className="muted alert-detail__note">{t('diag.tech.probabilitiesAbsent')}</p>

      <h3 className="subsection-title">{t('diag.tech.lifecycle')}</h3>
      <ol className="lifecycle" data-testid="lifecycle">
        <li className="lifecycle__step lifecycle__step--done">
          {t('diag.tech.raisedAt', { time: clockTime(alert.raisedMs, language) })}
        </li>
        <li
          className={
            alert.acknowledgedMs ? 'lifecycle__step lifecycle__step--done' : 'lifecycle__step'
          }
        >
          {alert.acknowledgedMs
            ? t('diag.tech.acknowledgedAt', {
                time: clockTime(alert.acknowledgedMs, language),
                who: whoText(alert.acknowledgedBy),
              })
            : t('diag.tech.notAcknowledgedYet')}
        </li>
        <li
          className={alert.resolvedMs ? 'lifecycle__step lifecycle__step--done' : 'lifecycle__step'}
        >
          {alert.resolvedMs
            ? t('diag.tech.resolvedAt', { time: clockTime(alert.resolvedMs, language) })
            : t('diag.tech.notResolvedYet')}
        </li>
      </ol>

      <h3 className="subsection-title">{t('diag.tech.advice')}</h3>
      <p className="alert-detail__advice" data-testid="technician-advice">
        {alert.technician[language]}
      </p>
      <p className="alert-detail__care">
        <strong>{t('diag.tech.careSentence')}</strong>
        {alert.care[language]}
      </p>

      <h3 className="subsection-title">{t('diag.tech.evidence')}</h3>
      <EvidencePlot alert={alert} />
    </section>
  );
}
