/**
 * The Logs area's filters: a time range (a shift preset or custom), one robot, severities, kinds
 * and a text search that runs after a short pause in typing (at once on Enter). When the whole
 * unfiltered log is asked for, the event table can page by id ("dense").
 */
import { useEffect, useMemo, useState } from 'react';
import type { EventKind, LogBounds, Severity } from '../../api/contract';
import type { EventFilter } from './EventTable';
import { presetRange, type RangePreset, type TimeRange } from './time-range';

const SEARCH_DELAY_MS = 350;

export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function useLogFilters(bounds: LogBounds | null, nowMs: number, viewing: string | null) {
  const [preset, setPreset] = useState<RangePreset>('last24h');
  const [custom, setCustom] = useState<TimeRange>(() => presetRange('last24h', Date.now(), null));
  const [robotId, setRobotId] = useState('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [kinds, setKinds] = useState<EventKind[]>([]);
  const [draft, setDraft] = useState('');
  const [text, setText] = useState('');

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

  return {
    preset,
    custom,
    range,
    robotId,
    severities,
    kinds,
    draft,
    unfiltered,
    denseMode,
    filter,
    choosePreset: (next: RangePreset) => {
      if (next === 'custom') setCustom(range);
      setPreset(next);
    },
    setCustom,
    setRobotId,
    toggleSeverity: (s: Severity) => setSeverities((list) => toggle(list, s)),
    toggleKind: (k: EventKind) => setKinds((list) => toggle(list, k)),
    setDraft,
    searchNow: () => setText(draft.trim()),
    clearSearch: () => {
      setDraft('');
      setText('');
    },
    reset: () => {
      setRobotId('');
      setSeverities([]);
      setKinds([]);
      setDraft('');
      setText('');
    },
  };
}

export type LogFilterState = ReturnType<typeof useLogFilters>;
