/**
 * What a facility can donate, one switch per category. Off until an admin turns it on.
 * Priority decides which category fills a batch first when the link is slow or comes back after
 * a long time offline (1 = first): rare, valuable fault episodes before bulky telemetry.
 */
import { SYNC_CATEGORIES, type SyncCategory } from '../../native/domain';

export const DONATION_CATEGORIES = SYNC_CATEGORIES;
export type DonationCategory = SyncCategory;

export const CATEGORY_PRIORITY: Record<DonationCategory, number> = {
  'fault-episodes': 1,
  'task-outcomes': 2,
  'robot-configuration': 3,
  'telemetry-rollups': 4,
  demonstrations: 5,
};

export const CATEGORY_LABELS: Record<DonationCategory, { en: string; ja: string }> = {
  'telemetry-rollups': {
    en: 'Telemetry summaries (hourly per joint)',
    ja: 'テレメトリの集計（関節ごと・1時間単位）',
  },
  'fault-episodes': { en: 'Fault episodes', ja: '故障・異常の記録' },
  demonstrations: { en: 'Taught demonstrations (motion only)', ja: '教示デモ（動作のみ）' },
  'task-outcomes': { en: 'Task outcomes', ja: 'タスクの結果' },
  'robot-configuration': { en: 'Robot configuration', ja: 'ロボットの設定' },
};

export function isDonationCategory(value: unknown): value is DonationCategory {
  return typeof value === 'string' && (DONATION_CATEGORIES as readonly string[]).includes(value);
}
