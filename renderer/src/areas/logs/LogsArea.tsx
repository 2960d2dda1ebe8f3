/**
 * Logs: what happened on a shift. Filters (time range with shift presets, robot, severity, kind,
 * text), the shift timeline, the event table (windowed, a million rows), the selected event and
 * the telemetry around it, a plot of any channel, export, the shift report, and reviewing a log
 * file copied from another site read-only. Everything comes from this Genba: no network needed.
 */
import {
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useState,
  useSyncExternalStore,
  type FormEvent,
} from 'react';
import { SEVERITIES } from '../../../../native/domain';
import type {
  EventKind,
  LogBounds,
  LogEvent,
  LogSource,
  LogTimeline,
  Severity,
} from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { AreaHeader } from '../../components/AreaHeader';
import { Icon } from '../../components/Icon';
import { useLanguage, useT } from '../../i18n/i18n';
import { AroundPanel } from './AroundPanel';
import { EventTable, type EventFilter } from './EventTable';
import { useTimeFormats } from './format';
import { ReportPage } from './ReportPage';
import { ShiftTimeline } from './ShiftTimeline';
import { TelemetryPanel } from './TelemetryPanel';
import {
  PRESETS,
  fromLocalInput,
  presetRange,
  toLocalInput,
  type RangePreset,
  type TimeRange,
} from './time-range';
import '../../styles/logs.css';

const SEARCH_DELAY_MS = 350;
/** Worst first. */
const SEVERITIES_SHOWN = [...SEVERITIES].reverse();
const KINDS: readonly EventKind[] = [
  'fault',
  'alert',
  'state',
  'connection',
  'task',
  'operator',
  'system',
];
const EXPORTS = [
  ['telemetry', 'csv'],
  ['events', 'csv'],
  ['events', 'json'],
  ['telemetry', 'json'],
] as const;
type Selected = Pick<LogEvent, 'id' | 'tMs' | 'robotId' | 'kind' | 'severity' | 'text'> & {
  user?: string | null;
};

function subscribeHash(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** `#/logs/report?from=…&to=…` → the report's range; null for the Logs area itself. */
function useReportRoute(): TimeRange | null {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  const match = /^#\/logs\/report\?(.*)$/.exec(hash);
  if (!match) return null;
  const params = new URLSearchParams(match[1]);
  const fromMs = Number(params.get('from'));
  const toMs = Number(params.get('to'));
  return Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs
    ? { fromMs, toMs }
    : null;
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function LogsArea() {
  const t = useT();
  const language = useLanguage();
  const time = useTimeFormats(language);
  const { api, connection, reportError, status } = useApp();
  const { session } = useAuth();
  const role = session?.user?.role ?? null;
  const reviewer = role !== null && role !== 'care-staff';
  const desktop = status?.transport === 'ipc';
  const reportRange = useReportRoute();

  const [source, setSource] = useState<LogSource | null>(null);
  const [bounds, setBounds] = useState<LogBounds | null>(null);
  const [preset, setPreset] = useState<RangePreset>('last24h');
  const [custom, setCustom] = useState<TimeRange>(() => presetRange('last24h', Date.now(), null));
  const [nowMs, setNowMs] = useState(() => Date.now());
  const [robotId, setRobotId] = useState('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [kinds, setKinds] = useState<EventKind[]>([]);
  const [draft, setDraft] = useState('');
  const [text, setText] = useState('');
  const [timeline, setTimeline] = useState<LogTimeline | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [around, setAround] = useState<Selected | null>(null);
  const [newestId, setNewestId] = useState<number | null>(null);
  const [count, setCount] = useState<{ rows: number; more: boolean } | null>(null);
  const [reload, setReload] = useState(0);
  const [fresh, setFresh] = useState(0);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [openForm, setOpenForm] = useState(false);
  const [openPath, setOpenPath] = useState('');

  const viewing = source?.path ?? null;

  // The log's extent (own log, or the opened file).
  useEffect(() => {
    if (connection.generation === 0) return;
    let cancelled = false;
    const request = viewing
      ? api.invoke('logs.openFile', { path: viewing }) // a new connection: open it again
      : api.invoke('logs.bounds', {}).then((b) => ({ bounds: b }));
    request.then(
      (value) => {
        if (cancelled) return;
        setBounds(value.bounds);
        setNowMs(Date.now());
      },
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, connection.generation, reportError, viewing, reload]);

  const range = useMemo<TimeRange>(() => {
    if (preset === 'custom') return custom;
    const whole =
      bounds?.fromMs != null && bounds.toMs != null
        ? { fromMs: bounds.fromMs, toMs: bounds.toMs }
        : null;
    // A reviewed file is "now" at its end: shift presets are relative to its last entry.
    const reference = viewing && whole ? whole.toMs : nowMs;
    return presetRange(preset, reference, whole);
  }, [preset, custom, bounds, nowMs, viewing]);

  // Typing searches after a short pause; Enter at once.
  useEffect(() => {
    const trimmed = draft.trim();
    if (trimmed === text) return;
    const timer = setTimeout(() => setText(trimmed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, text]);

  const unfiltered = !robotId && severities.length === 0 && kinds.length === 0 && !text;
  const denseMode = preset === 'all' && unfiltered && bounds?.events != null;
  const filter = useMemo<EventFilter>(
    () => ({
      ...(denseMode ? {} : { fromMs: range.fromMs, toMs: range.toMs }),
      ...(robotId ? { robotId } : {}),
      ...(severities.length ? { severities } : {}),
      ...(kinds.length ? { kinds } : {}),
      ...(text ? { text } : {}),
    }),
    [denseMode, range, robotId, severities, kinds, text],
  );

  // The newest id, for direct page access in the whole unfiltered log.
  useEffect(() => {
    if (!denseMode || connection.generation === 0) return;
    let cancelled = false;
    api.invoke('events.query', { limit: 1 }).then(
      (rows) => !cancelled && setNewestId(rows[0]?.id ?? null),
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, denseMode, connection.generation, reportError, reload]);
  const dense = useMemo(
    () =>
      denseMode && newestId !== null && bounds?.events
        ? { newestId, total: Math.min(bounds.events.count, newestId) }
        : null,
    [denseMode, newestId, bounds],
  );

  useEffect(() => {
    if (connection.generation === 0 || !bounds) return;
    let cancelled = false;
    api.invoke('logs.timeline', range).then(
      (value) => !cancelled && setTimeline(value),
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [api, connection.generation, reportError, range, bounds, reload]);

  // Live events of this terminal: offer to show them (the table does not jump under the user).
  const onAppended = useEffectEvent((event: LogEvent) => {
    if (viewing || event.tMs < range.fromMs) return;
    setFresh((n) => n + 1);
  });
  useEffect(() => api.subscribe('events.appended', onAppended), [api]);

  const names = useMemo(
    () => new Map((timeline?.robots ?? []).map((r) => [r.robotId, r.name])),
    [timeline],
  );
  const robotName = useCallback(
    (id: string | null) => (id === null ? '—' : (names.get(id) ?? id)),
    [names],
  );
  const robotIds = useMemo(
    () =>
      [
        ...new Set([
          ...(timeline?.robots ?? []).map((r) => r.robotId),
          ...(bounds?.series ?? []).map((s) => s.robotId),
        ]),
      ].sort(),
    [timeline, bounds],
  );
  const clockS = useCallback((seconds: number) => time.clock(seconds * 1000), [time]);
  const onCount = useCallback((rows: number, more: boolean) => setCount({ rows, more }), []);

  const refresh = () => {
    setFresh(0);
    setNowMs(Date.now());
    setReload((n) => n + 1);
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setText(draft.trim());
  };

  const doExport = async (kind: 'telemetry' | 'events', format: 'csv' | 'json') => {
    setExporting(true);
    setExportNote(null);
    try {
      const result = await api.invoke('logs.export', {
        kind,
        format,
        fromMs: range.fromMs,
        toMs: range.toMs,
      });
      if (result.content !== undefined) {
        const url = URL.createObjectURL(new Blob([result.content], { type: result.mimeType }));
        const link = document.createElement('a');
        link.href = url;
        link.download = result.fileName;
        link.hidden = true;
        document.body.append(link);
        link.click();
        // Removed (and the content released) once the download has surely started.
        setTimeout(() => {
          link.remove();
          URL.revokeObjectURL(url);
        }, 10_000);
        setExportNote(t('logs.exportedDownload', { file: result.fileName, rows: result.rows }));
      } else {
        setExportNote(
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

  const openFile = async (args: { path?: string | null; choose?: boolean }) => {
    try {
      const result = await api.invoke('logs.openFile', args);
      if (result.cancelled) return;
      setSource(result.path ? result : null);
      setBounds(result.bounds);
      setSelected(null);
      setAround(null);
      setOpenForm(false);
      setFresh(0);
      setNowMs(Date.now());
      setReload((n) => n + 1);
    } catch (error) {
      reportError(error);
    }
  };

  const reportHref = `#/logs/report?from=${range.fromMs}&to=${range.toMs}`;
  const banner = viewing ? (
    <div className="viewing-banner" role="status" data-viewing={viewing}>
      <Icon name="database" size={22} />
      <div>
        <strong>{t('logs.viewing', { file: source?.fileName ?? viewing })}</strong>
        <p>{t('logs.viewingHelp')}</p>
      </div>
      <button type="button" className="button" onClick={() => void openFile({ path: null })}>
        {t('logs.backToOwn')}
      </button>
    </div>
  ) : null;

  if (reportRange) {
    return (
      <>
        {banner}
        <ReportPage
          fromMs={reportRange.fromMs}
          toMs={reportRange.toMs}
          sourceName={source?.fileName ?? null}
        />
      </>
    );
  }

  const describeMark = (mark: LogTimeline['marks'][number]) =>
    `${time.full(mark.tMs)} · ${t(`logs.kind.${mark.kind}`)} · ${robotName(mark.robotId)}: ${mark.text}`;

  return (
    <div className="logs">
      <AreaHeader title={t('logs.title')} intro={t('logs.intro')}>
        {reviewer ? (
          <div className="logs__actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                desktop ? void openFile({ choose: true }) : setOpenForm((open) => !open)
              }
              aria-expanded={desktop ? undefined : openForm}
            >
              {t('logs.openFile')}
            </button>
            <a className="button button--primary" href={reportHref}>
              {t('logs.reportButton')}
            </a>
          </div>
        ) : null}
      </AreaHeader>
      {banner}
      {openForm ? (
        <form
          className="open-file panel"
          onSubmit={(event) => {
            event.preventDefault();
            if (openPath.trim()) void openFile({ path: openPath.trim() });
          }}
        >
          <label htmlFor="log-file-path">{t('logs.openFileLabel')}</label>
          <div className="open-file__row">
            <input
              id="log-file-path"
              type="text"
              value={openPath}
              onChange={(e) => setOpenPath(e.target.value)}
              placeholder={t('logs.openFilePlaceholder')}
              spellCheck={false}
              autoComplete="off"
            />
            <button type="submit" className="button button--primary">
              {t('logs.openFileSubmit')}
            </button>
            <button type="button" className="button" onClick={() => setOpenForm(false)}>
              {t('logs.cancel')}
            </button>
          </div>
        </form>
      ) : null}

      <section className="logs-filters" aria-label={t('logs.range')}>
        <div className="logs-filters__row">
          <label className="field">
            <span>{t('logs.range')}</span>
            <select
              value={preset}
              onChange={(e) => {
                const next = e.target.value as RangePreset;
                if (next === 'custom') setCustom(range);
                setNowMs(Date.now());
                setPreset(next);
              }}
            >
              {PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`logs.preset.${p}`)}
                </option>
              ))}
            </select>
          </label>
          {preset === 'custom' ? (
            <>
              <label className="field">
                <span>{t('logs.from')}</span>
                <input
                  type="datetime-local"
                  value={toLocalInput(custom.fromMs)}
                  onChange={(e) => {
                    const ms = fromLocalInput(e.target.value);
                    if (ms !== null && ms < custom.toMs) setCustom({ ...custom, fromMs: ms });
                  }}
                />
              </label>
              <label className="field">
                <span>{t('logs.to')}</span>
                <input
                  type="datetime-local"
                  value={toLocalInput(custom.toMs)}
                  onChange={(e) => {
                    const ms = fromLocalInput(e.target.value);
                    if (ms !== null && ms > custom.fromMs) setCustom({ ...custom, toMs: ms });
                  }}
                />
              </label>
            </>
          ) : null}
          <label className="field">
            <span>{t('logs.filterRobot')}</span>
            <select value={robotId} onChange={(e) => setRobotId(e.target.value)}>
              <option value="">{t('logs.allRobots')}</option>
              {robotIds.map((id) => (
                <option key={id} value={id}>
                  {robotName(id)}
                </option>
              ))}
            </select>
          </label>
          <form className="search logs-search" role="search" onSubmit={onSearch}>
            <label htmlFor="log-search" className="search__label">
              {t('logs.searchLabel')}
            </label>
            <div className="search__row">
              <span
                className="search__field"
                onClick={(event) => event.currentTarget.querySelector('input')?.focus()}
              >
                <Icon name="search" size={20} />
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
              {draft ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setDraft('');
                    setText('');
                  }}
                >
                  {t('logs.clear')}
                </button>
              ) : null}
            </div>
          </form>
        </div>
        <div className="logs-filters__row">
          <div className="chips" role="group" aria-label={t('logs.filterSeverity')}>
            <span className="chips__label">{t('logs.filterSeverity')}</span>
            {SEVERITIES_SHOWN.map((s) => (
              <button
                key={s}
                type="button"
                className={`chip chip--${s}`}
                aria-pressed={severities.includes(s)}
                onClick={() => setSeverities((list) => toggle(list, s))}
              >
                {t(`logs.severity.${s}`)}
              </button>
            ))}
          </div>
          <div className="chips" role="group" aria-label={t('logs.filterKind')}>
            <span className="chips__label">{t('logs.filterKind')}</span>
            {KINDS.map((k) => (
              <button
                key={k}
                type="button"
                className="chip"
                aria-pressed={kinds.includes(k)}
                onClick={() => setKinds((list) => toggle(list, k))}
              >
                {t(`logs.kind.${k}`)}
              </button>
            ))}
          </div>
          {!unfiltered ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setRobotId('');
                setSeverities([]);
                setKinds([]);
                setDraft('');
                setText('');
              }}
            >
              {t('logs.resetFilters')}
            </button>
          ) : null}
        </div>
        <p className="logs-filters__range" data-from={range.fromMs} data-to={range.toMs}>
          {t('logs.rangeShown', { from: time.minute(range.fromMs), to: time.minute(range.toMs) })}
        </p>
      </section>

      <section className="logs-section" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="logs-section__title">
          {t('logs.timelineTitle')}
        </h2>
        <p className="section-help">{t('logs.timelineHelp')}</p>
        {timeline ? (
          <ShiftTimeline
            timeline={timeline}
            robotName={robotName}
            selectedId={selected?.id ?? null}
            onSelectMark={(mark) => setSelected(mark)}
            clock={time.clock}
            describeMark={describeMark}
          />
        ) : (
          <p className="loading">{t('logs.loading')}</p>
        )}
      </section>

      <div className="logs-main">
        <section className="logs-section logs-events" aria-labelledby="events-title">
          <div className="logs-events__head">
            <h2 id="events-title" className="logs-section__title">
              {t('logs.tableLabel')}
            </h2>
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
              <button type="button" className="button button--small" onClick={refresh}>
                {t('logs.newEvents', { count: fresh })}
              </button>
            ) : null}
          </div>
          <p className="section-help">{t('logs.tableHelp')}</p>
          {denseMode && dense === null ? (
            <p className="loading">{t('logs.loading')}</p>
          ) : (
            <EventTable
              key={JSON.stringify([filter, dense, reload, viewing])}
              filter={filter}
              dense={dense}
              selectedId={selected?.id ?? null}
              onSelect={setSelected}
              onCount={onCount}
              formatTime={time.compact}
              robotName={robotName}
              height={420}
            />
          )}
        </section>
        <aside className="logs-section logs-detail" aria-labelledby="detail-title">
          {selected ? (
            <>
              <h2 id="detail-title" className="logs-section__title">
                {t('logs.detailTitle', { id: selected.id })}
              </h2>
              <dl className="facts logs-detail__facts" data-event-id={selected.id}>
                <dt>{t('logs.time')}</dt>
                <dd>{time.full(selected.tMs)}</dd>
                <dt>{t('logs.severity')}</dt>
                <dd>
                  <span className={`severity severity--${selected.severity}`}>
                    {t(`logs.severity.${selected.severity}`)}
                  </span>
                </dd>
                <dt>{t('logs.kind')}</dt>
                <dd>{t(`logs.kind.${selected.kind}`)}</dd>
                <dt>{t('logs.robot')}</dt>
                <dd>{robotName(selected.robotId)}</dd>
                {selected.user ? (
                  <>
                    <dt>{t('logs.user')}</dt>
                    <dd>{selected.user}</dd>
                  </>
                ) : null}
              </dl>
              <p className="logs-detail__text">{selected.text}</p>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setAround(selected)}
              >
                {t('logs.showAround')}
              </button>
            </>
          ) : (
            <p id="detail-title" className="section-help">
              {t('logs.noSelection')}
            </p>
          )}
        </aside>
      </div>

      {around ? (
        <AroundPanel
          key={around.id}
          event={around}
          robotName={robotName}
          clock={clockS}
          onClose={() => setAround(null)}
        />
      ) : null}

      <section className="logs-section" aria-labelledby="plot-title">
        <h2 id="plot-title" className="logs-section__title">
          {t('logs.plotTitle')}
        </h2>
        {bounds ? (
          <TelemetryPanel
            bounds={bounds}
            range={range}
            robotName={robotName}
            clock={clockS}
            preferredRobot={robotId || null}
          />
        ) : null}
      </section>

      {reviewer ? (
        <section className="logs-section logs-export" aria-labelledby="export-title">
          <h2 id="export-title" className="logs-section__title">
            {t('logs.exportTitle')}
          </h2>
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
          {exporting ? <p className="loading">{t('logs.exporting')}</p> : null}
          {exportNote ? (
            <p className="logs-export__note" role="status">
              {exportNote}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
