/**
 * The banner on every screen while the disk under the log is full or failing: logging is paused,
 * and what to free. It leaves by itself once the app reports the disk ok again.
 */
import type { AppStatus } from '../api/contract';
import { useApp } from '../app-context';
import { useT, type Translate } from '../i18n/i18n';
import { Icon } from './Icon';

type Storage = AppStatus['database']['storage'];

/** The banner's words, or null while the disk is fine. */
export function storageBannerText(
  storage: Storage,
  t: Translate,
): { headline: string; details: string[] } | null {
  if (storage.state === 'ok') return null;
  const headline =
    storage.state === 'io_error'
      ? t('storage.ioError', { volume: storage.volume })
      : storage.bytesFree === null
        ? t('storage.diskFullUnknownFree', { volume: storage.volume })
        : t('storage.diskFull', {
            volume: storage.volume,
            free: (storage.bytesFree / 1_048_576).toFixed(1),
          });
  const details: string[] = [];
  if (storage.heldSamples > 0) details.push(t('storage.held', { count: storage.heldSamples }));
  if (storage.droppedSamples > 0) {
    details.push(t('storage.dropped', { count: storage.droppedSamples }));
  }
  return { headline, details };
}

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
