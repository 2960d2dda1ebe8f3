/**
 * Sync: donating anonymized data upstream and taking signed model updates back. Status (online,
 * queue per category, last upload, problems in plain words, pause, bandwidth, upstream server),
 * consent per category with a preview of exactly the next batch, the history of every upload,
 * the data dictionary (every item that can leave), and model updates. Admin controls are shown
 * only to those the main process would let use them (`can`).
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { AreaHeader } from '../../components/AreaHeader';
import { useT, type MessageKey } from '../../i18n/i18n';
import { ConsentPanel } from './ConsentPanel';
import { DictionaryPanel } from './DictionaryPanel';
import { HistoryPanel } from './HistoryPanel';
import { ModelsPanel } from './ModelsPanel';
import { OverviewPanel } from './OverviewPanel';
import { useSyncStatus } from './sync-data';
import '../../styles/sync.css';

const TABS = ['overview', 'consent', 'history', 'dictionary', 'models'] as const;
type Tab = (typeof TABS)[number];

export function SyncArea() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('overview');
  const { status, setStatus, reload } = useSyncStatus();
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves into the panel.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'Home'
        ? TABS[0]
        : event.key === 'End'
          ? TABS[TABS.length - 1]!
          : TABS[(index + step + TABS.length) % TABS.length]!;
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  return (
    <>
      <AreaHeader title={t('sync.title')} intro={t('sync.intro')} />
      <div className="sync-tabs" role="tablist" aria-label={t('sync.tabs')} onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            ref={(element) => {
              if (element) tabRefs.current.set(id, element);
            }}
            type="button"
            role="tab"
            id={`sync-tab-${id}`}
            aria-controls={`sync-panel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className="sync-tabs__tab"
            data-tab={id}
            onClick={() => setTab(id)}
          >
            {t(`sync.tab.${id}` satisfies MessageKey)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`sync-panel-${tab}`}
        aria-labelledby={`sync-tab-${tab}`}
        className="sync-panel"
      >
        {tab === 'overview' ? (
          <OverviewPanel status={status} setStatus={setStatus} />
        ) : tab === 'consent' ? (
          <ConsentPanel status={status} setStatus={setStatus} />
        ) : tab === 'history' ? (
          <HistoryPanel status={status} />
        ) : tab === 'dictionary' ? (
          <DictionaryPanel />
        ) : (
          <ModelsPanel onChange={reload} />
        )}
      </div>
    </>
  );
}
