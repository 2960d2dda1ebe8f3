/** The devices a scan found, by protocol and baud, each model with its ids and "connect as". */
import { useT } from '../../i18n/i18n';
import type { ProfileId } from './profile-ids';
import { profileFor, type ModelGroup } from './scan-results';

export function ScanFound({
  byBaud,
  connecting,
  onConnect,
}: {
  byBaud: Map<string, ModelGroup[]>;
  connecting: boolean;
  onConnect: (profile: ProfileId) => void;
}) {
  const t = useT();
  return (
    <div className="scan-results" data-testid="scan-results">
      {[...byBaud.entries()].map(([key, models]) => {
        const first = models[0];
        if (!first) return null;
        return (
          <section key={key} className="scan-group">
            <h3 className="scan-group__title">
              {t(`robots.protocol.${first.protocol}`)} ·{' '}
              {t('robots.scan.baud', { baud: first.baud.toLocaleString() })}
            </h3>
            <ul>
              {models.map((group) => {
                const profile = profileFor(group);
                return (
                  <li key={group.model} className="scan-device">
                    <span>
                      <strong>{group.model}</strong> × {group.ids.length}
                      <br />
                      <span className="muted">
                        {t('robots.scan.ids', {
                          ids: [...group.ids].sort((a, b) => a - b).join(', '),
                        })}
                      </span>
                    </span>
                    {profile ? (
                      <button
                        type="button"
                        className="button button--primary button--small"
                        disabled={connecting}
                        onClick={() => onConnect(profile)}
                        data-testid="scan-connect"
                      >
                        {t('robots.scan.connectAs', { profile: t(`robots.profile.${profile}`) })}
                      </button>
                    ) : (
                      <span className="muted">{t('robots.scan.noProfile')}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
