import type { RobotState } from '../domain';

type Text = { en: string; ja: string };

/** What care staff are told while a fault has no message of its own. */
export const FAULT_ATTENTION: Text = { en: 'Fault.', ja: '異常があります。' };

/**
 * What care staff are told while a robot's link is down or coming up; null in any other state.
 * `check` names what to look at (the cable and the power), in both languages.
 */
export function linkAttention(state: RobotState, check: Text): Text | null {
  if (state === 'disconnected')
    return {
      en: `Not connected. Check ${check.en}; it reconnects by itself.`,
      ja: `接続されていません。${check.ja}を確認してください。戻ると自動で再接続します。`,
    };
  if (state === 'connecting') return { en: 'Connecting…', ja: '接続中…' };
  return null;
}
