/**
 * On every screen but Logs (which shows its own): another site's log file is open for review.
 * Switching user or signing out goes back to this Genba's own log, as the main process does.
 */
import { useEffect } from 'react';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';
import { useT } from '../../i18n/i18n';
import type { AreaId } from '../../routing';
import { setViewedLogFile, useViewedLogFile } from './viewed-log-file';
import { ViewingBanner } from './ViewingBanner';

export function ViewedLogBanner({ area }: { area: AreaId }) {
  const t = useT();
  const { api, reportError } = useApp();
  const { session } = useAuth();
  const viewed = useViewedLogFile();
  const person = session?.user?.accountId ?? null;

  useEffect(() => setViewedLogFile(null), [person]);

  if (!viewed?.path || area === 'logs') return null;
  return (
    <ViewingBanner
      path={viewed.path}
      fileName={viewed.fileName ?? null}
      note={t('logs.viewingElsewhere')}
      onBack={() => {
        api.invoke('logs.openFile', { path: null }).then(() => setViewedLogFile(null), reportError);
      }}
    />
  );
}
