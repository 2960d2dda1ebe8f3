/** Every upload: what (categories), when, how big (sent and raw), and how it ended. */
import { useEffect, useState } from 'react';
import type { SyncCategory, SyncStatus, SyncUpload } from '../../api/contract';
import { useApp } from '../../app-context';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useFormats } from './sync-data';
import { Panel } from '../../components/Panel';
import { SyncTable, type SyncColumn } from './SyncTable';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { LoadingNote } from '../../components/LoadingNote';

const PAGE = 50;
const COLUMNS: readonly SyncColumn[] = [
  { title: 'sync.col.when' },
  { title: 'sync.col.what' },
  { title: 'sync.col.records', numeric: true },
  { title: 'sync.col.sizeSent', numeric: true },
  { title: 'sync.col.result' },
];

export function HistoryPanel({ status }: { status: SyncStatus | null }) {
  const t = useT();
  const f = useFormats();
  const { api, reportError, connection } = useApp();
  const [uploads, setUploads] = useState<SyncUpload[] | null>(null);
  const [more, setMore] = useState(false);
  const labels = new Map(status?.queue.map((q) => [q.category, q.label[f.language]]) ?? []);
  const lastUpload = status?.lastUpload?.finishedMs ?? null;
  const session = status?.uploadedThisSession.batches ?? 0;

  useEffect(() => {
    return answerUntilCleanup(
      api.invoke('sync.history', { limit: PAGE }),
      (rows) => {
        setUploads(rows);
        setMore(rows.length === PAGE);
      },
      reportError,
    );
  }, [api, reportError, connection.generation, lastUpload, session]);

  const loadMore = () => {
    const oldest = uploads?.at(-1);
    if (!oldest) return;
    api.invoke('sync.history', { limit: PAGE, beforeMs: oldest.createdMs }).then((rows) => {
      setUploads((current) => [...(current ?? []), ...rows]);
      setMore(rows.length === PAGE);
    }, reportError);
  };

  return (
    <Panel title={t('sync.historyTitle')} className="panel" headingId="sync-history-title">
      <p className="section-help">{t('sync.historyHelp')}</p>
      {!uploads ? (
        <LoadingNote>{t('sync.loading')}</LoadingNote>
      ) : uploads.length === 0 ? (
        <p className="sync-empty" data-history="empty">
          {t('sync.historyEmpty')}
        </p>
      ) : (
        <SyncTable className="sync-history" columns={COLUMNS}>
          {uploads.map((u) => (
            <tr key={u.batchId} data-batch={u.batchId} data-state={u.state}>
              <td>{f.when(u.finishedMs ?? u.createdMs)}</td>
              <td>
                <ul className="sync-what">
                  {Object.entries(u.categories).map(([category, n]) => (
                    <li key={category}>
                      {labels.get(category as SyncCategory) ?? category}
                      {': '}
                      {f.count(n)}
                    </li>
                  ))}
                </ul>
                <span className="sync-batch-id mono" title={u.batchId}>
                  {t('sync.col.batch')} {u.batchId.slice(0, 12)}…
                </span>
              </td>
              <td className="num">{f.count(u.records)}</td>
              <td className="num">
                {u.gzipBytes !== null ? f.bytes(u.gzipBytes) : '—'} / {f.bytes(u.rawBytes)}
              </td>
              <td>
                <span
                  className={`tag tag--${u.state === 'sent' ? 'ok' : u.state === 'in-flight' ? 'active' : 'bad'}`}
                >
                  {t(`sync.result.${u.state}` satisfies MessageKey)}
                </span>
                {u.attempts > 1 ? (
                  <span className="sync-attempts">{t('sync.attempts', { count: u.attempts })}</span>
                ) : null}
                {u.state !== 'sent' && u.lastError ? (
                  <span className="sync-error">{u.lastError}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </SyncTable>
      )}
      {more ? (
        <button type="button" className="button" onClick={loadMore}>
          {t('sync.loadMore')}
        </button>
      ) : null}
    </Panel>
  );
}
