/** Logs: the latest events, newest first, live from `events.appended`, with server-side text search (FTS). */
import { useEffect, useEffectEvent, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Language, LogEvent } from '../api/contract';
import { useApp } from '../app-context';
import { AreaHeader } from '../components/AreaHeader';
import { Icon } from '../components/Icon';
import { useLanguage, useT } from '../i18n/i18n';

const LIMIT = 200;
const SEARCH_DELAY_MS = 350;

function newestFirst(a: LogEvent, b: LogEvent): number {
  return b.tMs - a.tMs || b.id - a.id;
}

function useTimeFormat(language: Language): (tMs: number) => string {
  return useMemo(() => {
    const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
    const sameYear = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    const otherYear = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    const thisYear = new Date().getFullYear();
    return (tMs: number) => {
      const date = new Date(tMs);
      return (date.getFullYear() === thisYear ? sameYear : otherYear).format(date);
    };
  }, [language]);
}

export function LogsArea() {
  const t = useT();
  const language = useLanguage();
  const formatTime = useTimeFormat(language);
  const { api, connection, reportError } = useApp();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [events, setEvents] = useState<LogEvent[] | null>(null);
  const [refresh, setRefresh] = useState(0);
  const requeryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Typing searches after a short pause; Enter searches at once.
  useEffect(() => {
    const trimmed = draft.trim();
    if (trimmed === query) return;
    const timer = setTimeout(() => setQuery(trimmed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, query]);

  useEffect(() => {
    if (connection.generation === 0) return;
    let cancelled = false;
    api.invoke('events.query', query ? { text: query, limit: LIMIT } : { limit: LIMIT }).then(
      (list) => !cancelled && setEvents([...list].sort(newestFirst)),
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, connection.generation, query, refresh, reportError]);

  const onAppended = useEffectEvent((event: LogEvent) => {
    if (query) {
      // Matching is the server's job (FTS): ask again, at most every SEARCH_DELAY_MS.
      clearTimeout(requeryTimer.current);
      requeryTimer.current = setTimeout(() => setRefresh((n) => n + 1), SEARCH_DELAY_MS);
      return;
    }
    setEvents((current) =>
      current === null || current.some((e) => e.id === event.id)
        ? current
        : [event, ...current].sort(newestFirst).slice(0, LIMIT),
    );
  });

  useEffect(() => {
    const unsubscribe = api.subscribe('events.appended', onAppended);
    return () => {
      clearTimeout(requeryTimer.current);
      unsubscribe();
    };
  }, [api]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
    setRefresh((n) => n + 1);
  };

  return (
    <>
      <AreaHeader title={t('logs.title')} intro={t('logs.intro')} />
      <form className="search" role="search" onSubmit={onSubmit}>
        <label htmlFor="log-search" className="search__label">
          {t('logs.searchLabel')}
        </label>
        <div className="search__row">
          {/* The whole box is the touch target; a tap anywhere on it puts the cursor in the field. */}
          <span
            className="search__field"
            onClick={(event) => event.currentTarget.querySelector('input')?.focus()}
          >
            <Icon name="search" size={22} />
            <input
              id="log-search"
              type="search"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder={t('logs.searchPlaceholder')}
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
            />
          </span>
          <button type="submit" className="button button--primary">
            {t('logs.search')}
          </button>
          {draft ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setDraft('');
                setQuery('');
              }}
            >
              {t('logs.clear')}
            </button>
          ) : null}
        </div>
      </form>
      {events === null ? (
        <p className="loading" aria-busy="true">
          {t('logs.loading')}
        </p>
      ) : events.length === 0 ? (
        <p className="panel panel--quiet logs-empty">
          {query ? t('logs.noMatches', { text: query }) : t('logs.empty')}
        </p>
      ) : (
        <>
          <p className="logs-count" aria-live="polite">
            {events.length === 1 ? t('logs.countOne') : t('logs.count', { count: events.length })}
          </p>
          <div className="table-wrap">
            <table className="log-table" aria-label={t('logs.tableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('logs.time')}</th>
                  <th scope="col">{t('logs.severity')}</th>
                  <th scope="col">{t('logs.kind')}</th>
                  <th scope="col">{t('logs.robot')}</th>
                  <th scope="col">{t('logs.text')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id} data-event-id={event.id}>
                    <td className="log-table__time">
                      <time dateTime={new Date(event.tMs).toISOString()}>
                        {formatTime(event.tMs)}
                      </time>
                    </td>
                    <td>
                      <span className={`severity severity--${event.severity}`}>
                        {t(`logs.severity.${event.severity}`)}
                      </span>
                    </td>
                    <td className="log-table__kind">{t(`logs.kind.${event.kind}`)}</td>
                    <td className="log-table__robot">{event.robotId ?? '—'}</td>
                    <td className="log-table__text">{event.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
