/** The audit trail: who did what, when, before and after — and a Verify button for the hash chain. */
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntryView, AuditVerifyResult } from '../api/contract';
import { useApp } from '../app-context';
import { AreaHeader } from '../components/AreaHeader';
import { Icon } from '../components/Icon';
import { auditActionName } from '../i18n/audit-actions';
import { useLanguage, useT } from '../i18n/i18n';
import { TableHead } from '../components/TableHead';
import { LoadingNote } from '../components/LoadingNote';

function brief(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function AuditArea() {
  const t = useT();
  const language = useLanguage();
  const { api, reportError } = useApp();
  const [rows, setRows] = useState<AuditEntryView[] | null>(null);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(() => {
    api.invoke('audit.query', { limit: 200 }).then(setRows, reportError);
  }, [api, reportError]);
  useEffect(load, [load]);

  const verify = () => {
    setVerifying(true);
    api
      .invoke('audit.verify', {})
      .then(setResult, reportError)
      .finally(() => setVerifying(false));
  };
  const time = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  });

  return (
    <>
      <AreaHeader title={t('audit.title')} intro={t('audit.intro')}>
        <button
          type="button"
          className="button button--primary"
          onClick={verify}
          disabled={verifying}
        >
          <Icon name="check" size={20} />
          {t('audit.verify')}
        </button>
      </AreaHeader>
      <div aria-live="polite">
        {result ? (
          <p
            className={
              result.ok ? 'audit-result audit-result--ok' : 'audit-result audit-result--bad'
            }
            data-result={result.ok ? 'ok' : 'tampered'}
          >
            {result.ok
              ? t('audit.verifyOk', { count: result.checked })
              : t('audit.verifyBad', { id: result.firstBadId ?? '?' })}
            {result.ok ? null : <span className="audit-result__detail">{result.message}</span>}
          </p>
        ) : null}
      </div>
      {rows === null ? (
        <LoadingNote>{t('app.loading')}</LoadingNote>
      ) : (
        <div className="table-wrap">
          <table className="log-table" aria-label={t('audit.tableLabel')}>
            <TableHead
              headings={[
                '#',
                t('audit.when'),
                t('audit.who'),
                t('audit.what'),
                t('audit.target'),
                t('audit.before'),
                t('audit.after'),
              ]}
            />
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="mono">{row.id}</td>
                  <td className="log-table__time">{time.format(row.tMs)}</td>
                  <td>{row.actor}</td>
                  <td>
                    {auditActionName(row.action, language) ?? null}
                    <span className="mono audit-action__code">{row.action}</span>
                  </td>
                  <td>{row.target ?? '—'}</td>
                  <td className="mono audit-value">{brief(row.before)}</td>
                  <td className="mono audit-value">{brief(row.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
