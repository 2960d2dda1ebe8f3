/**
 * Diagnostics. Care staff see each open alert as one calm sentence with whom to call and an
 * "I have seen this" button; technicians (and supervisors, administrators) see everything: the
 * lifecycle, confidence, anomaly score, the evidence window, the technician advice, the history,
 * filters, and the Models page. The emergency stop is in reach, as on every screen with robots.
 */
import { useEffect, useRef } from 'react';
import { AreaHeader } from '../../components/AreaHeader';
import { EmergencyStopDock, EmergencyStopFeedback } from '../../components/EmergencyStop';
import { Icon } from '../../components/Icon';
import { useAuth } from '../../auth/auth-context';
import { useT } from '../../i18n/i18n';
import '../../styles/diagnostics.css';
import { useRobotList } from '../robots/use-robots';
import { CareAlerts } from './CareAlerts';
import { DemoTools } from './DemoTools';
import { alertsHref, modelsHref, useDiagnosticsRoute } from './diagnostics-route';
import { ModelsPage } from './ModelsPage';
import { TechnicianAlerts } from './TechnicianAlerts';
import { useAlerts, useJointLabels } from './use-alerts';
import { LoadingNote } from '../../components/LoadingNote';

export function DiagnosticsArea() {
  const t = useT();
  const route = useDiagnosticsRoute();
  const { session, can } = useAuth();
  const care = session?.user?.role === 'care-staff';
  const models = route.page === 'models' && can('models.list');

  return (
    <>
      <EmergencyStopDock variant={care ? 'large' : 'header'} />
      <AreaHeader
        title={models ? t('models.title') : t('diag.title')}
        intro={models ? undefined : care ? t('diag.introCare') : t('diag.introTech')}
      >
        <div className="diag-header__tools">
          {can('models.list') ? (
            <nav className="diag-tabs" aria-label={t('diag.title')}>
              <a
                className="diag-tab"
                href={alertsHref}
                aria-current={models ? undefined : 'page'}
                data-testid="tab-alerts"
              >
                <Icon name="alert" size={20} />
                {t('diag.alertsLink')}
              </a>
              <a
                className="diag-tab"
                href={modelsHref}
                aria-current={models ? 'page' : undefined}
                data-testid="tab-models"
              >
                <Icon name="diagnostics" size={20} />
                {t('diag.modelsLink')}
              </a>
            </nav>
          ) : null}
        </div>
      </AreaHeader>
      <EmergencyStopFeedback />
      {models ? (
        <ModelsPage />
      ) : (
        <Alerts care={care} focusId={route.page === 'alerts' ? route.alertId : null} />
      )}
    </>
  );
}

function Alerts({ care, focusId }: { care: boolean; focusId: string | null }) {
  const t = useT();
  const alerts = useAlerts();
  const robots = useRobotList();
  const robotNames = new Map((robots ?? []).map((r) => [r.id, r.name] as const));
  const jointLabels = useJointLabels(care ? [] : (alerts ?? []).map((a) => a.robotId));
  const focused = useRef<string | null>(null);

  // Opened from the banner: bring that alert into view once.
  useEffect(() => {
    if (!focusId || focused.current === focusId || !alerts) return;
    const element = document.querySelector(`[data-alert-id="${CSS.escape(focusId)}"]`);
    if (!element) return;
    focused.current = focusId;
    element.scrollIntoView({ block: 'nearest' });
  }, [focusId, alerts]);

  if (alerts === null) return <LoadingNote busy>{t('diag.loading')}</LoadingNote>;
  return (
    <div className="diagnostics" data-view={care ? 'care' : 'technician'}>
      {care ? (
        <CareAlerts alerts={alerts} robotNames={robotNames} focusId={focusId} />
      ) : (
        <>
          <TechnicianAlerts
            alerts={alerts}
            selectedId={focusId}
            robotNames={robotNames}
            jointLabels={jointLabels}
          />
          <DemoTools />
        </>
      )}
    </div>
  );
}
