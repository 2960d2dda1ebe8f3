/**
 * The event table: a windowed list written for a million rows. Fixed row height; only the rows in
 * view (plus a few) are in the DOM; pages of PAGE rows come from `events.query` with the beforeId
 * cursor as the user scrolls. When the whole unfiltered log is shown, ids are dense, so any page
 * can be fetched directly (drag the scrollbar anywhere); otherwise pages load one after another
 * and the list grows. Very tall lists are scaled to stay under the browser's element height
 * limit. Keyboard: arrows, Page Up/Down, Home and End move the selection.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EventQuery, LogEvent } from '../../api/contract';
import { useApp } from '../../app-context';
import { useEventText } from '../../i18n/event-text';
import { useT } from '../../i18n/i18n';

export const ROW_HEIGHT = 32;
export const PAGE = 500;
const OVERSCAN = 6;
/** Browsers cap element heights (~33.5 M px in Chromium); stay well below. */
const MAX_SCROLL_PX = 15_000_000;

export type EventFilter = Omit<EventQuery, 'limit' | 'beforeId'>;

export interface EventTableProps {
  filter: EventFilter;
  /** Dense ids (the whole log, no filter): newest id and row count, for direct page access. */
  dense: { newestId: number; total: number } | null;
  selectedId: number | null;
  onSelect: (event: LogEvent) => void;
  /** Called with the number of rows known so far and whether more exist. */
  onCount?: (rows: number, more: boolean) => void;
  formatTime: (ms: number) => string;
  robotName: (id: string | null) => string;
  height: number;
}

interface PageState {
  pages: Map<number, LogEvent[]>;
  /** Sequential mode: a page shorter than PAGE was the last. */
  lastPage: number | null;
}

export function EventTable({
  filter,
  dense,
  selectedId,
  onSelect,
  onCount,
  formatTime,
  robotName,
  height,
}: EventTableProps) {
  const t = useT();
  const eventText = useEventText();
  const { api, reportError } = useApp();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [state, setState] = useState<PageState>({ pages: new Map(), lastPage: null });
  const [selectedIndex, setSelectedIndex] = useState<number | null>(null);
  const inFlight = useRef(new Set<number>());

  // The parent keys the table by its filter: a new filter starts again at the top, so a late
  // answer for an old filter only ever reaches an unmounted instance.

  const loadedPages = state.pages.size;
  const rowCount = dense
    ? dense.total
    : state.lastPage !== null
      ? state.lastPage * PAGE + (state.pages.get(state.lastPage)?.length ?? 0)
      : (loadedPages + 1) * PAGE;
  const realHeight = rowCount * ROW_HEIGHT;
  const virtualHeight = Math.min(realHeight, MAX_SCROLL_PX);
  const viewport = Math.max(ROW_HEIGHT, height - ROW_HEIGHT);
  const scale =
    realHeight > virtualHeight && virtualHeight > viewport
      ? (realHeight - viewport) / (virtualHeight - viewport)
      : 1;
  const realOffset = scrollTop * scale;
  const first = Math.max(0, Math.floor(realOffset / ROW_HEIGHT) - OVERSCAN);
  const visibleRows = Math.ceil(viewport / ROW_HEIGHT);
  const last = Math.min(rowCount - 1, first + visibleRows + 2 * OVERSCAN);

  const rowAt = useCallback(
    (index: number): LogEvent | undefined =>
      state.pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    [state.pages],
  );

  useEffect(() => {
    onCount?.(rowCount, !dense && state.lastPage === null);
  }, [onCount, rowCount, dense, state.lastPage]);

  // Fetch the pages in view (sequential mode: only when the one before is there).
  useEffect(() => {
    if (rowCount === 0) return;
    const wanted = new Set<number>();
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) {
      wanted.add(p);
    }
    for (const page of wanted) {
      if (state.pages.has(page) || inFlight.current.has(page)) continue;
      if (!dense && state.lastPage !== null && page > state.lastPage) continue;
      let beforeId: number | undefined;
      if (dense) {
        beforeId = dense.newestId + 1 - page * PAGE;
      } else if (page > 0) {
        const previous = state.pages.get(page - 1);
        if (!previous) continue;
        beforeId = previous.at(-1)?.id;
        if (beforeId === undefined) continue;
      }
      inFlight.current.add(page);
      const query: EventQuery = {
        ...filter,
        limit: PAGE,
        ...(beforeId !== undefined ? { beforeId } : {}),
      };
      api.invoke('events.query', query).then(
        (rows) => {
          inFlight.current.delete(page);
          setState((current) => {
            const pages = new Map(current.pages);
            pages.set(page, rows);
            return {
              pages,
              lastPage: !dense && rows.length < PAGE ? page : current.lastPage,
            };
          });
        },
        (error: unknown) => {
          inFlight.current.delete(page);
          reportError(error);
        },
      );
    }
  }, [api, reportError, filter, dense, first, last, rowCount, state]);

  // A selection on a row that was still loading is reported once it arrives.
  useEffect(() => {
    if (selectedIndex === null) return;
    const event = rowAt(selectedIndex);
    if (event && event.id !== selectedId) onSelect(event);
    // Only when the rows or the index change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedIndex, rowAt]);

  const onScroll = useRef<number | null>(null);
  const handleScroll = () => {
    if (onScroll.current !== null) return;
    onScroll.current = requestAnimationFrame(() => {
      onScroll.current = null;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  };
  useEffect(
    () => () => {
      if (onScroll.current !== null) cancelAnimationFrame(onScroll.current);
    },
    [],
  );

  const select = (index: number) => {
    const clamped = Math.max(0, Math.min(rowCount - 1, index));
    setSelectedIndex(clamped);
    // Keep it in view.
    const top = clamped * ROW_HEIGHT;
    let offset = realOffset;
    if (top < offset) offset = top;
    else if (top + ROW_HEIGHT > offset + viewport) offset = top + ROW_HEIGHT - viewport;
    if (offset !== realOffset && scroller.current) {
      const next = offset / scale;
      scroller.current.scrollTop = next;
      setScrollTop(next);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const current = selectedIndex ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + visibleRows,
      PageUp: current - visibleRows,
      Home: 0,
      End: rowCount - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(Math.max(0, next));
  };

  const slots = visibleRows + 2 * OVERSCAN + 1;
  const rows = useMemo(() => {
    const out: { index: number; event: LogEvent | undefined }[] = [];
    if (rowCount === 0) return out;
    for (let i = first; i <= last; i++) out.push({ index: i, event: rowAt(i) });
    return out;
  }, [first, last, rowAt, rowCount]);

  const empty = rowCount === 0 || (state.lastPage === 0 && state.pages.get(0)?.length === 0);

  return (
    <div className="event-table" data-rows={rowCount}>
      <div className="event-table__head" role="presentation">
        <span>{t('logs.time')}</span>
        <span>{t('logs.severity')}</span>
        <span>{t('logs.kind')}</span>
        <span>{t('logs.robot')}</span>
        <span>{t('logs.text')}</span>
      </div>
      <div
        ref={scroller}
        className="event-table__scroller"
        style={{ height: viewport }}
        tabIndex={0}
        role="grid"
        aria-label={t('logs.tableLabel')}
        aria-rowcount={rowCount}
        aria-activedescendant={selectedIndex !== null ? `event-row-${selectedIndex}` : undefined}
        onScroll={handleScroll}
        onKeyDown={onKeyDown}
      >
        {empty ? (
          <p className="event-table__empty">
            {filter.text ? t('logs.noMatches', { text: filter.text }) : t('logs.empty')}
          </p>
        ) : (
          <div className="event-table__spacer" style={{ height: virtualHeight }}>
            {rows.map(({ index, event }) => (
              <div
                // Recycled slots: a row scrolled out is reused for the one scrolling in (only
                // its text and position change; no DOM nodes are created while scrolling).
                key={index % slots}
                id={`event-row-${index}`}
                role="row"
                aria-rowindex={index + 1}
                aria-selected={index === selectedIndex || (!!event && event.id === selectedId)}
                className={`event-row event-row--${event?.severity ?? 'loading'}`}
                style={{
                  transform: `translateY(${scrollTop + index * ROW_HEIGHT - realOffset}px)`,
                }}
                data-event-id={event?.id}
                onClick={() => select(index)}
              >
                {event ? (
                  <>
                    <span role="gridcell" className="event-row__time">
                      <time dateTime={new Date(event.tMs).toISOString()}>
                        {formatTime(event.tMs)}
                      </time>
                    </span>
                    <span role="gridcell">
                      <span className={`severity severity--${event.severity}`}>
                        {t(`logs.severity.${event.severity}`)}
                      </span>
                    </span>
                    <span role="gridcell">{t(`logs.kind.${event.kind}`)}</span>
                    <span role="gridcell" className="event-row__robot">
                      {robotName(event.robotId)}
                    </span>
                    <span role="gridcell" className="event-row__text" title={eventText(event)}>
                      {eventText(event)}
                    </span>
                  </>
                ) : (
                  <span role="gridcell" className="event-row__loading">
                    {t('logs.loadingRow')}
                  </span>
                )}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
