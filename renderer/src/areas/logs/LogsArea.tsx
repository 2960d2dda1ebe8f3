/**
 * Logs: what happened on a shift. Filters (time range with shift presets, robot, severity, kind,
 * text), the shift timeline, the event table (windowed, a million rows), the selected event and
 * the telemetry around it, a plot of any channel, export, the shift report, and reviewing a log
 * file copied from another site read-only. Everything comes from this Genba: no network needed.
 */
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { LogEvent, LogTimeline } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { AreaHeader } from '../../components/AreaHeader';
import { useLanguage, useT } from '../../i18n/i18n';
import { AroundPanel } from './AroundPanel';
import { EventDetail, type SelectedEvent } from './EventDetail';
import { EventsSection } from './EventsSection';
import { ExportPanel } from './ExportPanel';
import { eventText } from '../../i18n/event-text';
import { useTimeFormats } from '../../i18n/time-formats';
import { LogFilters } from './LogFilters';
import { OpenFileForm } from './OpenFileForm';
import { ReportPage } from './ReportPage';
import { ShiftTimeline } from './ShiftTimeline';
import { TelemetryPanel } from './TelemetryPanel';
import { useLogFilters } from './use-log-filters';
import { useLogSource } from './use-log-source';
import { useDenseLog, useLogTimeline } from './use-log-timeline';
import { reportHref, useReportRoute } from './use-report-route';
import { ViewingBanner } from './ViewingBanner';
import { Panel } from '../../components/Panel';
import { LoadingNote } from '../../components/LoadingNote';
import '../../styles/logs.css';

export function LogsArea() {
  const t = useT();
  const language = useLanguage();
  const time = useTimeFormats(language);
  const { api, status } = useApp();
  const { session } = useAuth();
  const role = session?.user?.role ?? null;
  const reviewer = role !== null && role !== 'care-staff';
  const desktop = status?.transport === 'ipc';
  const reportRange = useReportRoute();

  const [selected, setSelected] = useState<SelectedEvent | null>(null);
  const [around, setAround] = useState<SelectedEvent | null>(null);
  const [fresh, setFresh] = useState(0);
  const [openForm, setOpenForm] = useState(false);

  const source = useLogSource(
    useCallback(() => {
      setSelected(null);
      setAround(null);
      setOpenForm(false);
      setFresh(0);
    }, []),
  );
  const { viewing, bounds, reload } = source;
  const filters = useLogFilters(bounds, source.nowMs, viewing);
  const { range, filter, denseMode } = filters;
  const dense = useDenseLog(denseMode, bounds, reload);
  const { timeline, robotName, robotIds } = useLogTimeline(range, bounds, reload);

  // Live events of this terminal: offer to show them (the table does not jump under the user).
  const onAppended = useEffectEvent((event: LogEvent) => {
    if (viewing || event.tMs < range.fromMs) return;
    setFresh((n) => n + 1);
  });
  useEffect(() => api.subscribe('events.appended', onAppended), [api]);

  const clockS = useCallback((seconds: number) => time.clock(seconds * 1000), [time]);

  const banner = viewing ? (
    <ViewingBanner
      path={viewing}
      fileName={source.source?.fileName ?? null}
      onBack={() => void source.openFile({ path: null })}
    />
  ) : null;

  if (reportRange) {
    return (
      <>
        {banner}
        <ReportPage
          fromMs={reportRange.fromMs}
          toMs={reportRange.toMs}
          sourceName={source.source?.fileName ?? null}
        />
      </>
    );
  }

  const describeMark = (mark: LogTimeline['marks'][number]) =>
    `${time.full(mark.tMs)} · ${t(`logs.kind.${mark.kind}`)} · ${robotName(mark.robotId)}: ${eventText(mark, language)}`;

  return (
    <div className="logs">
      <AreaHeader title={t('logs.title')} intro={t('logs.intro')}>
        {reviewer ? (
          <div className="logs__actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                desktop ? void source.openFile({ choose: true }) : setOpenForm((open) => !open)
              }
              aria-expanded={desktop ? undefined : openForm}
            >
              {t('logs.openFile')}
            </button>
            <a className="button button--primary" href={reportHref(range)}>
              {t('logs.reportButton')}
            </a>
          </div>
        ) : null}
      </AreaHeader>
      {banner}
      {openForm ? (
        <OpenFileForm
          onOpen={(path) => void source.openFile({ path })}
          onCancel={() => setOpenForm(false)}
        />
      ) : null}

      <LogFilters
        filters={filters}
        robotIds={robotIds}
        robotName={robotName}
        onPresetChosen={source.stampNow}
        formatMinute={time.minute}
      />

      <Panel
        title={t('logs.timelineTitle')}
        className="logs-section"
        headingId="timeline-title"
        headingClassName="logs-section__title"
      >
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
          <LoadingNote>{t('logs.loading')}</LoadingNote>
        )}
      </Panel>

      <div className="logs-main">
        <EventsSection
          tableKey={JSON.stringify([filter, dense, reload, viewing])}
          loading={denseMode && dense === null}
          fresh={fresh}
          onShowFresh={() => {
            setFresh(0);
            source.refresh();
          }}
          filter={filter}
          dense={dense}
          selectedId={selected?.id ?? null}
          onSelect={setSelected}
          formatTime={time.compact}
          robotName={robotName}
        />
        <EventDetail
          selected={selected}
          robotName={robotName}
          formatTime={time.full}
          onShowAround={setAround}
        />
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

      <Panel
        title={t('logs.plotTitle')}
        className="logs-section"
        headingId="plot-title"
        headingClassName="logs-section__title"
      >
        {bounds ? (
          <TelemetryPanel
            bounds={bounds}
            range={range}
            robotName={robotName}
            clock={clockS}
            preferredRobot={filters.robotId || null}
          />
        ) : null}
      </Panel>

      {reviewer ? <ExportPanel range={range} filter={filters.filter} /> : null}
    </div>
  );
}
