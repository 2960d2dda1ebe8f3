/** The event table with its row count and the offer to show events that arrived since. */
import { useCallback, useState } from 'react';
import type { LogEvent } from '../../api/contract';
import { Panel } from '../../components/Panel';
import { useT } from '../../i18n/i18n';
import { EventTable, type EventTableProps } from './EventTable';
import { LoadingNote } from '../../components/LoadingNote';

export function EventsSection({
  tableKey,
  loading,
  fresh,
  onShowFresh,
  ...table
}: Omit<EventTableProps, 'onCount' | 'height' | 'onSelect'> & {
  /** A new key starts the table again at the top. */
  tableKey: string;
  loading: boolean;
  fresh: number;
  onShowFresh: () => void;
  onSelect: (event: LogEvent) => void;
}) {
  const t = useT();
  const [count, setCount] = useState<{ rows: number; more: boolean } | null>(null);
  const onCount = useCallback((rows: number, more: boolean) => setCount({ rows, more }), []);
  return (
    <Panel
      title={t('logs.tableLabel')}
      className="logs-section logs-events"
      headingId="events-title"
      headingClassName="logs-section__title"
      headClassName="logs-events__head"
      beside={
        <>
          <p className="logs-count" aria-live="polite" data-rows={count?.rows ?? ''}>
            {count === null
              ? ''
              : count.more
                ? t('logs.countMore', { count: count.rows.toLocaleString() })
                : count.rows === 1
                  ? t('logs.countOne')
                  : t('logs.count', { count: count.rows.toLocaleString() })}
          </p>
          {fresh > 0 ? (
            <button type="button" className="button button--small" onClick={onShowFresh}>
              {t('logs.newEvents', { count: fresh })}
            </button>
          ) : null}
        </>
      }
    >
      <p className="section-help">{t('logs.tableHelp')}</p>
      {loading ? (
        <LoadingNote>{t('logs.loading')}</LoadingNote>
      ) : (
        <EventTable key={tableKey} {...table} onCount={onCount} height={420} />
      )}
    </Panel>
  );
}
