/** The robot profiles a technician can connect as, from the Connect page or a scan's findings. */
export const PROFILE_IDS = ['openmanipulator-x', 'robotiq-2f85'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
