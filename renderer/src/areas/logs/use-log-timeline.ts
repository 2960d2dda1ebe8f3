/**
 * What the Logs area reads besides the table: the shift timeline of the range (and the robots'
 * names from it), and, for the whole unfiltered log, the newest event id so the table can page
 * by id.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LogBounds, LogTimeline } from '../../api/contract';
import { useApp } from '../../app-context';
import type { TimeRange } from './time-range';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';

export function useLogTimeline(range: TimeRange, bounds: LogBounds | null, reload: number) {
  const { api, connection, reportError } = useApp();
  const [timeline, setTimeline] = useState<LogTimeline | null>(null);

  useEffect(() => {
    if (connection.generation === 0 || !bounds) return;
    return answerUntilCleanup(api.invoke('logs.timeline', range), setTimeline, reportError);
  }, [api, connection.generation, reportError, range, bounds, reload]);

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
  return { timeline, robotName, robotIds };
}

export function useDenseLog(denseMode: boolean, bounds: LogBounds | null, reload: number) {
  const { api, connection, reportError } = useApp();
  const [newestId, setNewestId] = useState<number | null>(null);
  useEffect(() => {
    if (!denseMode || connection.generation === 0) return;
    return answerUntilCleanup(
      api.invoke('events.query', { limit: 1 }),
      (rows) => setNewestId(rows[0]?.id ?? null),
      reportError,
    );
  }, [api, denseMode, connection.generation, reportError, reload]);
  return useMemo(
    () =>
      denseMode && newestId !== null && bounds?.events
        ? { newestId, total: Math.min(bounds.events.count, newestId) }
        : null,
    [denseMode, newestId, bounds],
  );
}
