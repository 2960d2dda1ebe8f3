/** The shell: skip link, navigation, the current area (each behind its own error boundary), the problem and storage banners and the status bar. */
import { useEffect, useRef, type ComponentType } from 'react';
import { useApp } from './app-context';
import { AccountsArea } from './auth/AccountsArea';
import { useVisibleAreas } from './auth/area-access';
import { AuditArea } from './auth/AuditArea';
import { NotForYourRole, useAuthGate } from './auth/AuthGate';
import { UserPanel } from './auth/UserPanel';
import { AlertBanner } from './areas/diagnostics/AlertBanner';
import { DiagnosticsArea } from './areas/diagnostics/DiagnosticsArea';
import { LogsArea } from './areas/logs/LogsArea';
import { ViewedLogBanner } from './areas/logs/ViewedLogBanner';
import { RobotsArea } from './areas/robots/RobotsArea';
import { SettingsArea } from './areas/SettingsArea';
import { SyncArea } from './areas/sync/SyncArea';
import { TeachArea } from './areas/teach/TeachArea';
import { AREA_HEADING_ID } from './components/AreaHeader';
import { AreaErrorBoundary } from './components/ErrorBoundary';
import { MessagePanel } from './components/MessagePanel';
import { Nav } from './components/Nav';
import { ProblemBanner } from './components/ProblemBanner';
import { StatusBar } from './components/StatusBar';
import { StorageBanner } from './components/StorageBanner';
import { useT } from './i18n/i18n';
import { areaLabel, useArea, type AreaId } from './routing';

const AREA_SCREENS: Record<AreaId, ComponentType> = {
  robots: RobotsArea,
  logs: LogsArea,
  settings: SettingsArea,
  accounts: AccountsArea,
  audit: AuditArea,
  teach: TeachArea,
  diagnostics: DiagnosticsArea,
  sync: SyncArea,
};

function CannotConnect() {
  const t = useT();
  return (
    <MessagePanel
      className="panel panel--alert cannot-connect"
      icon="offline"
      title={t('connection.unreachableTitle')}
      headingId="cannot-connect-title"
      level={1}
    >
      <p className="panel__body">{t('connection.unreachableBody')}</p>
      <p className="panel__body">{t('connection.unreachableWhatToDo')}</p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => window.location.reload()}
      >
        {t('connection.reload')}
      </button>
    </MessagePanel>
  );
}

export function App() {
  const t = useT();
  const area = useArea();
  const { connection } = useApp();
  // Sign-in, first-run setup or the lock screen come before any area.
  const gate = useAuthGate();
  const allowed = useVisibleAreas().includes(area);
  const areaTitle = t(areaLabel(area));
  const AreaScreen = AREA_SCREENS[area];
  const previousArea = useRef(area);

  useEffect(() => {
    document.title = t('app.pageTitle', { area: areaTitle });
  }, [t, areaTitle]);

  // After navigating, move focus to the new area's heading (not on first load).
  useEffect(() => {
    if (previousArea.current === area) return;
    previousArea.current = area;
    document.getElementById(AREA_HEADING_ID)?.focus({ preventScroll: false });
  }, [area]);

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash holds the route, so move focus instead of following the link.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            {t('app.mark')}
          </span>
          <span className="brand__text">
            <span className="brand__name">{t('app.name')}</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <UserPanel />
        <Nav current={area} />
      </aside>
      <main id="main" className="main" tabIndex={-1} data-area={area}>
        <ProblemBanner />
        <StorageBanner />
        {gate || connection.state === 'unreachable' ? null : <AlertBanner area={area} />}
        {gate ? null : <ViewedLogBanner area={area} />}
        {connection.state === 'unreachable' ? (
          <CannotConnect />
        ) : (
          (gate ?? (
            <AreaErrorBoundary key={area}>
              {allowed ? <AreaScreen /> : <NotForYourRole />}
            </AreaErrorBoundary>
          ))
        )}
      </main>
      <StatusBar />
    </div>
  );
}
