/** How each robot state looks and reads: tone (colour), icon and words — never colour alone. */
import type { RobotState, RobotSummary } from '../../api/contract';
import type { IconName } from '../../components/Icon';
import type { MessageKey } from '../../i18n/i18n';
import { PROFILE_IDS, type ProfileId } from './profile-ids';

export type Tone = 'ok' | 'active' | 'neutral' | 'warn' | 'bad';

export const STATE_LOOK: Record<RobotState, { tone: Tone; icon: IconName }> = {
  ready: { tone: 'ok', icon: 'check' },
  running: { tone: 'active', icon: 'play' },
  'torque-off': { tone: 'neutral', icon: 'info' },
  fault: { tone: 'bad', icon: 'alert' },
  disconnected: { tone: 'warn', icon: 'plug' },
  connecting: { tone: 'neutral', icon: 'link' },
};

/** The care-staff headline: "OK", "Needs attention", "Not connected", … */
export function careLook(robot: RobotSummary): { tone: Tone; icon: IconName; key: MessageKey } {
  if (robot.state === 'fault') return { tone: 'bad', icon: 'alert', key: 'robots.care.fault' };
  if (robot.attention && robot.state !== 'disconnected')
    return { tone: 'warn', icon: 'alert', key: 'robots.care.attention' };
  const look = STATE_LOOK[robot.state];
  return { ...look, key: `robots.care.${robot.state}` };
}

export function profileKey(profile: string): MessageKey | null {
  return (PROFILE_IDS as readonly string[]).includes(profile)
    ? (`robots.profile.${profile as ProfileId}` as const)
    : null;
}

export const RAD_TO_DEG = 180 / Math.PI;

export function deg(rad: number, digits = 1): string {
  return (rad * RAD_TO_DEG).toFixed(digits);
}
