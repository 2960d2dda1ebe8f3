/**
 * The identifying values a demo history seeds (facility name, operator names, robot names, USB
 * serial numbers, notes), written into the database so the privacy tests can check none of them
 * leaves the building.
 */
import type { DbClient } from '../../db/db-client';

export interface DemoSeededValues {
  facilityName: string;
  operatorNames: string[];
  robotNames: string[];
  usbSerialNumbers: string[];
  notes: string[];
}

export const DEMO_VALUES: DemoSeededValues = {
  facilityName: 'ひまわり物流センター 川崎第2倉庫 (Himawari Logistics Kawasaki DC-2)',
  operatorNames: ['佐藤 花子', '鈴木 一郎', 'Maria Santos'],
  robotNames: [
    'アーム さくら (Arm Sakura)',
    'アーム かえで (Arm Kaede)',
    'グリッパー つばめ (Gripper Tsubame)',
  ],
  usbSerialNumbers: ['FT4HM9QZ', 'FT7KD2XA', 'DA1RQ85C'],
  notes: [
    '午前の棚入れ作業は問題なし。関節2が少し熱い気がする。',
    'さくらのケーブルを交換しました（佐藤）。',
    'Shelf B3 restocked; Kaede paused twice for pallets in the aisle.',
    'Night shift: checked the gripper pads, replaced one worn pad.',
    '電圧低下の警報が2回。電源タップを別の回路に移した。',
  ],
};

export const ROBOT_IDS = ['arm-sakura', 'arm-kaede', 'gripper-tsubame'] as const;

/** The facility's settings and its three robots, registered as of `nowMs`. */
export async function seedFacility(db: DbClient, nowMs: number): Promise<void> {
  const actor = 'genba demo';
  await db.call('setSetting', {
    key: 'facility.name',
    value: DEMO_VALUES.facilityName,
    actor,
    nowMs,
  });
  await db.call('setSetting', {
    key: 'facility.operators',
    value: DEMO_VALUES.operatorNames,
    actor,
    nowMs,
  });
  const profiles = ['openmanipulator-x', 'openmanipulator-x', 'robotiq-2f85'];
  for (const [i, id] of ROBOT_IDS.entries()) {
    const serial = DEMO_VALUES.usbSerialNumbers[i]!;
    await db.call('saveRobot', {
      robot: {
        id,
        name: DEMO_VALUES.robotNames[i]!,
        profile: profiles[i]!,
        identity: `usb-serial:${serial}`,
        settings: { usbSerialNumber: serial, demo: true },
        createdMs: nowMs,
        lastSeenMs: null,
      },
      actor,
      nowMs,
    });
  }
}
