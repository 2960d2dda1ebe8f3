/**
 * Which log the area shows: this Genba's own, or a file copied from another site (read-only), and
 * its extent. Opening or leaving a file, and every new connection, read the extent again; "now"
 * is taken when the extent arrives so the shift presets are relative to it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { LogBounds } from '../../api/contract';
import { useApp } from '../../app-context';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';
import { setViewedLogFile, useViewedLogFile } from './viewed-log-file';

export function useLogSource(onOpened: () => void) {
  const { api, connection, reportError } = useApp();
  const source = useViewedLogFile();
  const [bounds, setBounds] = useState<LogBounds | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const [reload, setReload] = useState(0);
  const viewing = source?.path ?? null;

  useEffect(() => {
    if (connection.generation === 0) return;
    const request = viewing
      ? api.invoke('logs.openFile', { path: viewing }) // a new connection: open it again
      : api.invoke('logs.bounds', {}).then((b) => ({ bounds: b }));
    return answerUntilCleanup(
      request,
      (value) => {
        setBounds(value.bounds);
        setNowMs(Date.now());
      },
      reportError,
    );
  }, [api, connection.generation, reportError, viewing, reload]);

  const stampNow = useCallback(() => setNowMs(Date.now()), []);

  const refresh = useCallback(() => {
    setNowMs(Date.now());
    setReload((n) => n + 1);
  }, []);

  const openFile = async (args: { path?: string | null; choose?: boolean }) => {
    try {
      const result = await api.invoke('logs.openFile', args);
      if (result.cancelled) return;
      setViewedLogFile(result.path ? result : null);
      setBounds(result.bounds);
      onOpened();
      refresh();
    } catch (error) {
      reportError(error);
    }
  };

  return { source, viewing, bounds, nowMs, reload, stampNow, refresh, openFile };
}
