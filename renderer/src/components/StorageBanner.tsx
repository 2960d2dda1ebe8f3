/**
 * The banner on every screen while the disk under the log is full or failing: logging is paused,
 * and what to free. It leaves by itself once the app reports the disk ok again.
 */
import { useApp } from '../app-context';
import { useT } from '../i18n/i18n';
import { Icon } from './Icon';
import { storageBannerText } from './storage-banner-text';

export function StorageBanner() {
  const t = useT();
  const { status, connection } = useApp();
  const storage = connection.state === 'connected' ? status?.database.storage : undefined;
  const text = storage ? storageBannerText(storage, t) : null;
  if (!storage || !text) return null;
  return (
    <aside
      className="problem storage-banner"
      aria-label={t('storage.bannerLabel')}
      data-testid="storage-banner"
      data-state={storage.state}
    >
      <Icon name="database" size={24} />
      <p className="problem__message" role="alert">
        <strong>{text.headline}</strong>
        {text.details.map((detail) => ` ${detail}`).join('')}
      </p>
    </aside>
  );
}
