/**
 * The shift report inside the app (`#/logs/report?from=…&to=…`): a printable page (print CSS
 * hides the shell) with Print and Save as PDF. The desktop app saves a PDF through
 * `logs.shiftReportPdf`; in the browser, Save as PDF is the browser's own Print dialog.
 */
import { useEffect, useState } from 'react';
import type { ShiftReport } from '../../api/contract';
import { useApp } from '../../app-context';
import { useLanguage, useT } from '../../i18n/i18n';
import { ShiftReportView } from './ShiftReportView';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { LoadingNote } from '../../components/LoadingNote';

export function ReportPage({
  fromMs,
  toMs,
  sourceName,
}: {
  fromMs: number;
  toMs: number;
  sourceName: string | null;
}) {
  const t = useT();
  const language = useLanguage();
  const { api, status, reportError, connection } = useApp();
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const desktop = status?.transport === 'ipc';

  useEffect(() => {
    if (connection.generation === 0) return;
    return answerUntilCleanup(
      api.invoke('logs.shiftReport', { fromMs, toMs }),
      setReport,
      reportError,
    );
  }, [api, fromMs, toMs, reportError, connection.generation]);

  const savePdf = async () => {
    if (!desktop) {
      window.print();
      return;
    }
    setSaving(true);
    try {
      const result = await api.invoke('logs.shiftReportPdf', { fromMs, toMs, language });
      setSaved(result.path ?? result.fileName);
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="report-page">
      <div className="report-page__toolbar no-print">
        <a className="button" href="#/logs">
          {t('report.back')}
        </a>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void savePdf()}
          disabled={saving || report === null}
        >
          {t('report.pdf')}
        </button>
        {desktop ? null : <p className="report-page__hint">{t('report.printHint')}</p>}
        {saved ? (
          <p className="report-page__saved" role="status">
            {t('report.pdfSaved', { path: saved })}
          </p>
        ) : null}
      </div>
      {report ? (
        <ShiftReportView report={report} language={language} sourceName={sourceName} />
      ) : (
        <LoadingNote busy>{t('report.loading')}</LoadingNote>
      )}
    </div>
  );
}
