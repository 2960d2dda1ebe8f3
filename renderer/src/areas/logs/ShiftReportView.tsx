/**
 * The shift report as a page: uptime per robot, faults and alerts, task runs and outcomes, mean
 * time between faults, top alert causes. The same component is shown in the Logs area (print
 * from the browser) and in the desktop shell's hidden window that makes the PDF.
 */
import { SEVERITIES, type Severity } from '../../../../native/domain';
import type { Language, ShiftReport } from '../../api/contract';
import { translate, type MessageKey } from '../../i18n/i18n';
import { eventText } from '../../i18n/event-text';
import { timeFormats } from '../../i18n/time-formats';
import { formatDuration } from './time-range';
import { TableHead } from '../../components/TableHead';
import type { ReactNode } from 'react';

const OUTCOME_KEYS: Record<string, MessageKey> = {
  succeeded: 'report.outcome.succeeded',
  failed: 'report.outcome.failed',
  aborted: 'report.outcome.aborted',
};

export function ShiftReportView({
  report,
  language,
  sourceName,
}: {
  report: ShiftReport;
  language: Language;
  sourceName: string | null;
}) {
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    translate(language, key, values);
  const time = timeFormats(language);
  const names = new Map(report.robots.map((r) => [r.robotId, r.name]));
  const robotName = (id: string | null) => (id ? (names.get(id) ?? id) : '—');
  const pct = (ratio: number | null) =>
    ratio === null ? t('report.none') : `${(ratio * 100).toFixed(1)} %`;
  const dur = (ms: number | null) =>
    ms === null ? t('report.none') : formatDuration(ms, language);
  const outcome = (o: string) => (OUTCOME_KEYS[o] ? t(OUTCOME_KEYS[o]) : o);
  const severities = Object.entries(report.alertsBySeverity);
  /** The robots table after the name: each figure's heading with how it reads. */
  const robotFigures: [MessageKey, (r: ShiftReport['robots'][number]) => ReactNode][] = [
    ['report.uptime', (r) => pct(r.uptimeRatio)],
    ['report.up', (r) => dur(r.upMs)],
    ['report.running', (r) => dur(r.runningMs)],
    ['report.faultTime', (r) => dur(r.faultMs)],
    ['report.disconnected', (r) => dur(r.disconnectedMs)],
    ['report.unknown', (r) => dur(r.unknownMs)],
    ['report.faults', (r) => r.faults],
    ['report.alerts', (r) => r.alerts],
    ['report.tasks', (r) => r.taskRuns],
    ['report.mtbf', (r) => dur(r.meanTimeBetweenFaultsMs)],
  ];
  /** Said under a list the report cut short. */
  const listed = (shown: number, total: number) =>
    total > shown ? <p>{t('report.listed', { shown, total })}</p> : null;

  return (
    <article className="report" lang={language} data-report-ready="true">
      <header className="report__header">
        <h1 className="report__title">{t('report.title')}</h1>
        <p className="report__range">
          {t('report.range', { from: time.minute(report.fromMs), to: time.minute(report.toMs) })}
        </p>
        <p className="report__meta">
          {sourceName ? t('report.sourceFile', { file: sourceName }) : t('report.sourceOwn')} ·{' '}
          {t('report.generated', { time: time.minute(report.generatedMs) })}
        </p>
      </header>

      <ReportSection id="report-summary" title={t('report.summary')}>
        <dl className="report__figures">
          <div>
            <dt>{t('report.faults')}</dt>
            <dd data-figure="faults">{report.faultCount}</dd>
          </div>
          <div>
            <dt>{t('report.alerts')}</dt>
            <dd data-figure="alerts">{report.alertCount}</dd>
          </div>
          <div>
            <dt>{t('report.tasks')}</dt>
            <dd data-figure="tasks">{report.taskRunCount}</dd>
          </div>
          <div>
            <dt title={t('report.mtbfLong')}>
              {t('report.mtbf')} <small>({t('report.mtbfLong')})</small>
            </dt>
            <dd data-figure="mtbf">{dur(report.meanTimeBetweenFaultsMs)}</dd>
          </div>
        </dl>
      </ReportSection>

      <ReportSection id="report-robots" title={t('report.robotsTitle')}>
        <table className="report__table">
          <TableHead
            headings={[t('report.robot'), ...robotFigures.map(([heading]) => t(heading))]}
          />
          <tbody>
            {report.robots.map((r) => (
              <tr key={r.robotId} data-robot={r.robotId}>
                <th scope="row">{r.name}</th>
                {robotFigures.map(([heading, figure]) => (
                  <td key={heading} className="num">
                    {figure(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ReportSection>

      <ReportSection id="report-faults" title={t('report.faultList')}>
        {report.faults.length === 0 ? (
          <p>{t('report.noFaults')}</p>
        ) : (
          <>
            <table className="report__table">
              <TableHead headings={[t('report.time'), t('report.robot'), t('report.what')]} />
              <tbody>
                {report.faults.map((f) => (
                  <tr key={f.id}>
                    <td className="nowrap">{time.full(f.tMs)}</td>
                    <td className="nowrap">{robotName(f.robotId)}</td>
                    <td>{eventText(f, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {listed(report.faults.length, report.faultCount)}
          </>
        )}
      </ReportSection>

      <section className="report__section report__columns">
        <div>
          <h2>{t('report.topCauses')}</h2>
          {report.topAlertCauses.length === 0 ? (
            <p>{t('report.noAlerts')}</p>
          ) : (
            <table className="report__table">
              <TableHead headings={[t('report.cause'), t('report.count')]} />
              <tbody>
                {report.topAlertCauses.map((c) => (
                  <tr key={c.cause}>
                    <td>{c.cause}</td>
                    <td className="num">{c.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h2>{t('report.alertsBySeverity')}</h2>
          {severities.length === 0 ? (
            <p>{t('report.noAlerts')}</p>
          ) : (
            <table className="report__table">
              <tbody>
                {severities.map(([severity, count]) => (
                  <tr key={severity}>
                    <th scope="row">
                      {(SEVERITIES as readonly string[]).includes(severity)
                        ? t(`logs.severity.${severity as Severity}`)
                        : severity}
                    </th>
                    <td className="num">{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>

      <ReportSection id="report-tasks" title={t('report.taskTitle')}>
        {report.taskRunCount === 0 ? (
          <p>{t('report.noTasks')}</p>
        ) : (
          <>
            <p className="report__outcomes">
              {Object.entries(report.taskOutcomes)
                .map(([o, n]) => `${outcome(o)}: ${n}`)
                .join(' · ')}
            </p>
            <table className="report__table">
              <TableHead
                headings={[
                  t('report.robot'),
                  t('report.task'),
                  t('report.start'),
                  t('report.duration'),
                  t('report.outcome'),
                ]}
              />
              <tbody>
                {report.taskRuns.map((run, i) => (
                  <tr key={`${run.run ?? i}-${run.endMs}`} data-outcome={run.outcome}>
                    <td className="nowrap">{robotName(run.robotId)}</td>
                    <td>{run.task}</td>
                    <td className="nowrap">{time.full(run.startMs ?? run.endMs)}</td>
                    <td className="num">
                      {run.durationMs === null
                        ? t('report.none')
                        : `${(run.durationMs / 1000).toFixed(0)}${language === 'ja' ? ' 秒' : ' s'}`}
                    </td>
                    <td>{outcome(run.outcome)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {listed(report.taskRuns.length, report.taskRunCount)}
          </>
        )}
      </ReportSection>
    </article>
  );
}

/** One titled section of the report; its heading names it for assistive tech. */
function ReportSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section className="report__section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
