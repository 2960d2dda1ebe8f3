import { describe, expect, it } from 'vitest';
import { storageBannerText } from '../../../../renderer/src/components/storage-banner-text';
import { translate } from '../../../../renderer/src/i18n/translate';
import type { Language } from '../../../../renderer/src/api/contract';

const t =
  (language: Language) =>
  (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
    translate(language, key, values);

const full = {
  state: 'disk_full' as const,
  volume: '/mnt/log',
  bytesFree: 3 * 1_048_576,
  heldSamples: 1200,
  droppedSamples: 0,
};

describe('storage banner', () => {
  it('says nothing while the disk is fine', () => {
    expect(storageBannerText({ ...full, state: 'ok' }, t('en'))).toBeNull();
  });

  it('names the volume and the free megabytes in English and Japanese', () => {
    expect(storageBannerText(full, t('en'))).toEqual({
      headline: 'Disk full: logging paused — free space on /mnt/log (3.0 MB free)',
      details: [
        '1200 telemetry samples are kept in memory and will be written when space returns.',
      ],
    });
    const ja = storageBannerText(full, t('ja'))!;
    expect(ja.headline).toContain('/mnt/log');
    expect(ja.headline).toContain('3.0 MB');
    expect(ja.headline).toMatch(/ディスクがいっぱい/);
  });

  it('counts dropped samples, and words an I/O error and an unknown free size apart', () => {
    const dropped = storageBannerText({ ...full, heldSamples: 0, droppedSamples: 7 }, t('en'))!;
    expect(dropped.details).toEqual(['7 telemetry samples could not be kept.']);
    expect(storageBannerText({ ...full, bytesFree: null }, t('en'))!.headline).toBe(
      'Disk full: logging paused — free space on /mnt/log',
    );
    expect(storageBannerText({ ...full, state: 'io_error' }, t('ja'))!.headline).toMatch(
      /読み書きエラー.*\/mnt\/log/,
    );
  });
});
