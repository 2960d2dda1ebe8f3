/**
 * Connecting a robot, for technicians: the serial ports with their adapters (unplug one to see
 * which it was), a typed path always accepted, a profile, connect; or scan a bus first, with
 * progress and cancel, and connect straight from what the scan found.
 */
import { useState } from 'react';
import type { RobotSummary } from '../../api/contract';
import { useApp } from '../../app-context';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';
import { useErrorText } from '../../i18n/use-error-text';
import { PortsSection } from './PortsSection';
import { PROFILE_IDS, type ProfileId } from './profile-ids';
import { navigate, overviewHref, robotHref } from './robot-route';
import { ScanSection } from './ScanSection';
import { usePorts } from './use-ports';
import { FieldRow } from '../../components/LabelledField';
import { Panel } from '../../components/Panel';
import { RadioChoice } from '../../components/RadioChoice';

export function ConnectPage({ robots }: { robots: RobotSummary[] }) {
  const describeError = useErrorText();
  const t = useT();
  const { api } = useApp();
  const { ports, refresh } = usePorts();
  const [path, setPath] = useState('');
  const [profile, setProfile] = useState<ProfileId>('openmanipulator-x');
  const [name, setName] = useState('');
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const connect = async (targetPath: string, profileId: ProfileId) => {
    if (!targetPath.trim()) {
      setError(t('robots.connect.needPath'));
      return;
    }
    setConnecting(true);
    setError(null);
    try {
      const robot = await api.invoke('robots.connect', {
        path: targetPath.trim(),
        profileId,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      navigate(robotHref(robot.id));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setConnecting(false);
    }
  };

  return (
    <div className="connect-page">
      <a className="back-link" href={overviewHref}>
        <span aria-hidden="true">←</span> {t('robots.page.back')}
      </a>
      <header className="area-header">
        <div>
          <h1 id="robots-page-heading" className="area-header__title" tabIndex={-1}>
            {t('robots.connect.title')}
          </h1>
          <p className="area-header__intro">{t('robots.connect.intro')}</p>
        </div>
      </header>

      <PortsSection
        ports={ports}
        robots={robots}
        path={path}
        onPath={setPath}
        onRefresh={() => void refresh()}
      />

      <Panel
        title={t('robots.connect.profile')}
        className="card connect-section"
        headingId="profile-title"
      >
        <div className="choices" role="radiogroup" aria-labelledby="profile-title">
          {PROFILE_IDS.map((id) => (
            <RadioChoice
              key={id}
              name="profile"
              value={id}
              checked={profile === id}
              onChoose={() => setProfile(id)}
            >
              <span>
                <strong>{t(`robots.profile.${id}`)}</strong>
                <br />
                <span className="muted">{t(`robots.profileHelp.${id}`)}</span>
              </span>
            </RadioChoice>
          ))}
        </div>
        <FieldRow controlId="robot-name" label={t('robots.connect.name')}>
          <input
            id="robot-name"
            className="text-input"
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
            placeholder={t('robots.connect.namePlaceholder')}
          />
        </FieldRow>
        <button
          type="button"
          className="button button--primary"
          disabled={connecting}
          onClick={() => void connect(path, profile)}
          data-testid="connect-button"
        >
          <Icon name="link" size={22} />
          {connecting ? t('robots.connect.connecting') : t('robots.connect.connect')}
        </button>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
      </Panel>

      <ScanSection
        path={path}
        onConnect={(scannedPath, profileId) => void connect(scannedPath, profileId)}
        connecting={connecting}
      />
    </div>
  );
}
