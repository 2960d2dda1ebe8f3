/** Consent per category (admins switch; others see) and the preview of exactly the next batch. */
import { useCallback, useEffect, useState } from 'react';
import type { SyncCategory, SyncPreview } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { useT } from '../../i18n/i18n';
import { useDictionary } from './DictionaryPanel';
import { useFormats, type SyncStatusProps } from './sync-data';
import { Panel } from '../../components/Panel';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { LoadingNote } from '../../components/LoadingNote';

const PREVIEW_LINES = 50;

export function ConsentPanel({ status, setStatus }: SyncStatusProps) {
  const t = useT();
  const f = useFormats();
  const { api, reportError } = useApp();
  const { can } = useAuth();
  const dictionary = useDictionary();
  const [busy, setBusy] = useState<SyncCategory | null>(null);
  const [dropped, setDropped] = useState<number | null>(null);
  const [previewVersion, setPreviewVersion] = useState(0);
  if (!status) return <LoadingNote>{t('sync.loading')}</LoadingNote>;
  const mayChange = can('sync.setConsent');

  const toggle = (category: SyncCategory, enabled: boolean) => {
    setBusy(category);
    setDropped(null);
    api
      .invoke('sync.setConsent', { categories: [category], enabled })
      .then(({ status: next, dropped: count }) => {
        setStatus(next);
        if (!enabled) setDropped(count);
        setPreviewVersion((v) => v + 1);
      }, reportError)
      .finally(() => setBusy(null));
  };

  return (
    <div className="sync-consent">
      <Panel title={t('sync.consentTitle')} className="panel" headingId="sync-consent-title">
        <p className="section-help">{t('sync.consentHelp')}</p>
        {mayChange ? null : <p className="section-help">{t('sync.consentAdminOnly')}</p>}
        <ul className="sync-switches">
          {status.queue.map((q) => {
            const kinds = dictionary
              ?.filter((k) => k.category === q.category)
              .map((k) => k.description[f.language])
              .join(' ');
            const label = q.label[f.language];
            return (
              <li key={q.category} className="sync-switch" data-category={q.category}>
                <button
                  type="button"
                  role="switch"
                  aria-checked={q.enabled}
                  aria-label={t('sync.consentSwitch', { category: label })}
                  className="sync-switch__control"
                  disabled={!mayChange || busy !== null}
                  onClick={() => toggle(q.category, !q.enabled)}
                >
                  <span className="sync-switch__track" aria-hidden="true">
                    <span className="sync-switch__thumb" />
                  </span>
                  <span className="sync-switch__state">
                    {q.enabled ? t('sync.on') : t('sync.off')}
                  </span>
                </button>
                <div className="sync-switch__text">
                  <span className="sync-switch__label">{label}</span>
                  {kinds ? <span className="sync-switch__kinds">{kinds}</span> : null}
                  <span className="sync-switch__meta">
                    {q.changedMs && q.actor
                      ? t('sync.consentChanged', { when: f.when(q.changedMs), actor: q.actor })
                      : t('sync.consentNever')}
                    {' · '}
                    {t('sync.records', { count: f.count(q.records) })}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
        {dropped !== null ? (
          <p role="status" className="section-help">
            {t('sync.dropped', { count: f.count(dropped) })}
          </p>
        ) : null}
      </Panel>
      <PreviewPanel
        anyOn={status.queue.some((q) => q.enabled)}
        version={previewVersion}
        queued={status.queue.reduce((sum, q) => sum + q.records, 0)}
      />
    </div>
  );
}

function PreviewPanel({
  anyOn,
  version,
  queued,
}: {
  anyOn: boolean;
  version: number;
  queued: number;
}) {
  const t = useT();
  const f = useFormats();
  const { api, reportError, connection } = useApp();
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [manual, setManual] = useState(0);
  const load = useCallback(() => setManual((n) => n + 1), []);
  useEffect(() => {
    return answerUntilCleanup(
      api.invoke('sync.preview', {}),
      (value) => {
        setPreview(value);
        setShowAll(false);
      },
      reportError,
    );
    // `queued` changes when the sweep adds records or an upload takes them.
  }, [api, reportError, connection.generation, version, manual, queued]);

  const lines = preview?.lines ?? [];
  const shown = showAll ? lines : lines.slice(0, PREVIEW_LINES);
  return (
    <Panel
      title={t('sync.previewTitle')}
      className="panel sync-preview"
      headingId="sync-preview-title"
      headClassName="sync-preview__head"
      beside={
        <button type="button" className="button" onClick={load}>
          {t('sync.refresh')}
        </button>
      }
    >
      <p className="section-help">{t('sync.previewHelp')}</p>
      {!preview ? (
        <LoadingNote>{t('sync.loading')}</LoadingNote>
      ) : !preview.batchId ? (
        <p className="sync-empty" data-preview="empty">
          {anyOn ? t('sync.previewEmpty') : t('sync.previewEmptyOff')}
        </p>
      ) : (
        <>
          <p className="sync-preview__summary" data-preview-batch={preview.batchId}>
            {t('sync.previewSummary', {
              id: `${preview.batchId.slice(0, 12)}…`,
              records: f.count(preview.records),
              size: f.bytes(preview.bytes),
            })}
          </p>
          <pre className="sync-preview__lines" tabIndex={0} aria-label={t('sync.previewTitle')}>
            {shown.join('\n')}
          </pre>
          {lines.length > shown.length ? (
            <div className="sync-preview__more">
              <span>
                {t('sync.previewShowing', {
                  shown: f.count(shown.length),
                  count: f.count(lines.length),
                })}
              </span>
              <button type="button" className="button" onClick={() => setShowAll(true)}>
                {t('sync.previewShowAll', { count: f.count(lines.length) })}
              </button>
            </div>
          ) : null}
        </>
      )}
    </Panel>
  );
}
