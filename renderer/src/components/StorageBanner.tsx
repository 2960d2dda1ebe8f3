/**
 * The banner on every screen while the disk under the log is full or failing: logging is paused,
 * and what to free. It leaves by itself once the app reports the disk ok again.
 */
import { useApp } from '../app-context';
import { useT } from '../i18n/i18n';
import { Icon } from './Icon';

export function StorageBanner() {
  const t = useT();
  const { status, connection } = useApp();
  const storage = connection.state === 'connected' ? status?.database.storage : undefined;
  if (!storage || storage.state === 'ok') return null;
  const headline =
    storage.state === 'io_error'
      ? t('storage.ioError', { volume: storage.volume })
      : storage.bytesFree === null
        ? t('storage.diskFullUnknownFree', { volume: storage.volume })
        : t('storage.diskFull', {
            volume: storage.volume,
            free: (storage.bytesFree / 1_048_576).toFixed(1),
          });
  return (
    <aside
      className="problem storage-banner"
      aria-label={t('storage.bannerLabel')}
      data-testid="storage-banner"
      data-state={storage.state}
    >
      <Icon name="database" size={24} />
      <p className="problem__message" role="alert">
        <strong>{headline}</strong>
        {storage.heldSamples > 0 ? <> {t('storage.held', { count: storage.heldSamples })}</> : null}
        {storage.droppedSamples > 0 ? (
          <> {t('storage.dropped', { count: storage.droppedSamples })}</>
        ) : null}
      </p>
    </aside>
  );
}
