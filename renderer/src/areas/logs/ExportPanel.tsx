/**
 * Export of the shown range: telemetry or events, CSV or JSON. In the browser the file downloads;
 * the desktop app writes it and says where.
 */
import { useState } from 'react';
import { useApp } from '../../app-context';
import { downloadFile } from '../../components/download-file';
import { useT } from '../../i18n/i18n';
import type { TimeRange } from './time-range';
import { Panel } from '../../components/Panel';
import { LoadingNote } from '../../components/LoadingNote';

const EXPORTS = [
  ['telemetry', 'csv'],
  ['events', 'csv'],
  ['events', 'json'],
  ['telemetry', 'json'],
] as const;

export function ExportPanel({ range }: { range: TimeRange }) {
  const t = useT();
  const { api, reportError } = useApp();
  const [note, setNote] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const doExport = async (kind: 'telemetry' | 'events', format: 'csv' | 'json') => {
    setExporting(true);
    setNote(null);
    try {
      const result = await api.invoke('logs.export', {
        kind,
        format,
        fromMs: range.fromMs,
        toMs: range.toMs,
      });
      if (result.content !== undefined) {
        downloadFile(result.content, result.mimeType, result.fileName);
        setNote(t('logs.exportedDownload', { file: result.fileName, rows: result.rows }));
      } else {
        setNote(
          t('logs.exportedFile', {
            file: result.fileName,
            rows: result.rows,
            path: result.path ?? '',
          }),
        );
      }
    } catch (error) {
      reportError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Panel
      title={t('logs.exportTitle')}
      className="logs-section logs-export"
      headingId="export-title"
      headingClassName="logs-section__title"
    >
      <div className="logs-export__buttons">
        {EXPORTS.map(([kind, format]) => (
          <button
            key={`${kind}.${format}`}
            type="button"
            className="button"
            disabled={exporting}
            data-export={`${kind}.${format}`}
            onClick={() => void doExport(kind, format)}
          >
            {t(`logs.export.${kind}.${format}`)}
          </button>
        ))}
      </div>
      {exporting ? <LoadingNote>{t('logs.exporting')}</LoadingNote> : null}
      {note ? (
        <p className="logs-export__note" role="status">
          {note}
        </p>
      ) : null}
    </Panel>
  );
}
