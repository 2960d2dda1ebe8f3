/**
 * Export of the shown range: telemetry or events, CSV or JSON. Events hold the rows the table
 * shows (its search and filters); their CSV is made for a spreadsheet (Excel reads its Japanese,
 * local time beside UTC, the text in the screen's language). In the browser the file downloads;
 * the desktop app writes it and says where. A failure is said here, where the person looks.
 */
import { useState } from 'react';
import { useApp } from '../../app-context';
import { downloadFile } from '../../components/download-file';
import { ErrorNote } from '../../components/ErrorNote';
import { useLanguage, useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import type { EventFilter } from './EventTable';
import type { TimeRange } from './time-range';
import { Panel } from '../../components/Panel';
import { LoadingNote } from '../../components/LoadingNote';

const EXPORTS = [
  ['telemetry', 'csv'],
  ['events', 'csv'],
  ['events', 'json'],
  ['telemetry', 'json'],
] as const;

export function ExportPanel({ range, filter }: { range: TimeRange; filter: EventFilter }) {
  const t = useT();
  const language = useLanguage();
  const describeError = useErrorText();
  const { api } = useApp();
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const doExport = async (kind: 'telemetry' | 'events', format: 'csv' | 'json') => {
    setExporting(true);
    setNote(null);
    setFailure(null);
    const { text, robotId, kinds, severities } = filter;
    const search = {
      ...(text ? { text } : {}),
      ...(robotId ? { robotId } : {}),
      ...(kinds?.length ? { kinds } : {}),
      ...(severities?.length ? { severities } : {}),
    };
    try {
      const result = await api.invoke('logs.export', {
        kind,
        format,
        fromMs: range.fromMs,
        toMs: range.toMs,
        ...(kind === 'events' && Object.keys(search).length ? { filter: search } : {}),
        ...(kind === 'events' && format === 'csv'
          ? {
              spreadsheet: {
                language,
                utcOffsetMinutes: -new Date(range.toMs).getTimezoneOffset(),
              },
            }
          : {}),
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
      setFailure(describeError(error));
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
      {failure ? <ErrorNote>{failure}</ErrorNote> : null}
    </Panel>
  );
}
