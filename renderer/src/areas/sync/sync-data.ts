/** The Sync area's live status (kept current by `sync.changed`) and its number and time formats. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Language, SyncStatus } from '../../api/contract';
import { useApp } from '../../app-context';
import { useLanguage } from '../../i18n/i18n';
import { timeFormats } from '../../i18n/time-formats';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';

/**
 * What a panel that shows and changes the status is given: the status (null while loading) and
 * where the main process's answer to a change goes.
 */
export interface SyncStatusProps<S extends SyncStatus | null = SyncStatus | null> {
  status: S;
  setStatus: (status: SyncStatus) => void;
}

export function useSyncStatus(): SyncStatusProps & { reload: () => void } {
  const { api, connection, reportError } = useApp();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const cleanup = answerUntilCleanup(api.invoke('sync.status', {}), setStatus, reportError);
    const off = api.subscribe('sync.changed', (value) => setStatus(value));
    return () => {
      cleanup();
      off();
    };
  }, [api, connection.generation, reportError, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { status, setStatus, reload };
}

export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(language === 'ja' ? 'ja-JP' : 'en-US', {
    maximumFractionDigits: digits,
  })} ${units[unit]}`;
}

export function useFormats() {
  const language = useLanguage();
  return useMemo(() => {
    const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
    const number = new Intl.NumberFormat(locale);
    return {
      language,
      when: timeFormats(language).full,
      count: (n: number) => number.format(n),
      bytes: (n: number) => formatBytes(n, language),
    };
  }, [language]);
}
