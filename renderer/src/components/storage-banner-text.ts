/** The storage banner's words (StorageBanner.tsx), apart from React so they can be tested. */
import type { AppStatus } from '../api/contract';
import type { Translate } from '../i18n/translate';

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
