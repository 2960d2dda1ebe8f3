/**
 * gFLT, the low nibble of FAULT STATUS, as messages an operator can act on. Priority faults
 * (0x05, 0x07) clear on their own; minor faults (0x08, 0x09) clear when the cause does; major
 * faults (0x0A–0x0F) need a reset: rACT cleared, then set again.
 */
export interface GripperFault {
  code: number;
  en: string;
  ja: string;
}

export type FaultSeverity = 'priority' | 'minor' | 'major';

const FAULTS: Record<number, Omit<GripperFault, 'code'>> = {
  0x05: {
    en: 'Action delayed: the gripper is still activating. The move will start once activation completes.',
    ja: '動作待ち：グリッパーの起動処理中です。起動が終わると動作を開始します。',
  },
  0x07: {
    en: 'The gripper is not activated. Activate it before sending a move.',
    ja: 'グリッパーが起動されていません。動作の前に起動（アクティベート）してください。',
  },
  0x08: {
    en: 'Overtemperature: the gripper is above its operating temperature (85 °C). Let it cool below 80 °C; it will resume on its own.',
    ja: '温度異常：グリッパーが動作温度の上限（85 °C）を超えました。80 °C未満まで冷ましてください。冷えると自動で復帰します。',
  },
  0x09: {
    en: 'No communication for at least 1 second. Check the cable and that the controller is polling the gripper.',
    ja: '1秒以上通信が途絶えました。ケーブルと、コントローラーがグリッパーと通信しているかを確認してください。',
  },
  0x0a: {
    en: 'Supply voltage below the minimum. Check the 24 V supply and its wiring, then reset and reactivate the gripper.',
    ja: '電源電圧が下限を下回りました。24 V電源と配線を確認し、グリッパーをリセットして再起動してください。',
  },
  0x0b: {
    en: 'Automatic release in progress: the gripper is opening slowly after an emergency release. Wait for it to finish.',
    ja: '自動解放中：非常解放によりグリッパーがゆっくり開いています。完了するまでお待ちください。',
  },
  0x0c: {
    en: 'Internal fault in the gripper. Reset and reactivate it; if it repeats, contact Robotiq support.',
    ja: 'グリッパー内部の異常です。リセットして再起動してください。繰り返す場合はRobotiqのサポートに連絡してください。',
  },
  0x0d: {
    en: 'Activation failed: something blocked the fingers while they calibrated. Clear the fingers, then reset and reactivate.',
    ja: '起動に失敗しました：校正中に指の動きが妨げられました。指の周りの障害物を取り除き、リセットして再起動してください。',
  },
  0x0e: {
    en: 'Overcurrent: the motor drew too much current. Check for jammed fingers, then reset and reactivate.',
    ja: '過電流：モーターに過大な電流が流れました。指の噛み込みがないか確認し、リセットして再起動してください。',
  },
  0x0f: {
    en: 'Automatic release completed. Reset and reactivate the gripper before using it again.',
    ja: '自動解放が完了しました。再び使う前に、グリッパーをリセットして再起動してください。',
  },
};

export function decodeGripperFault(code: number): GripperFault | null {
  if (code === 0) return null;
  const known = FAULTS[code];
  if (known) return { code, ...known };
  return {
    code,
    en: `Unknown gripper fault 0x${code.toString(16).toUpperCase()}. Reset and reactivate the gripper; check the manual for this code.`,
    ja: `不明なグリッパー異常（0x${code.toString(16).toUpperCase()}）です。リセットして再起動し、取扱説明書でこのコードを確認してください。`,
  };
}

export function faultSeverity(code: number): FaultSeverity | null {
  if (code === 0) return null;
  if (code === 0x08 || code === 0x09) return 'minor';
  if (code >= 0x0a) return 'major';
  return 'priority';
}
