import type { HumanMessage } from '../dynamixel2/errors';

/**
 * The status byte of every Feetech reply mirrors the Status register (65): one bit per condition
 * the servo is in right now (Feetech SMS/STS memory table, "Servo Status"). Unlike Dynamixel
 * there are no command errors: a refused write is simply not applied.
 */
export const FeetechStatusBit = {
  Voltage: 0x01,
  /** Magnetic encoder (STS) or angle sensor (SCS). */
  Sensor: 0x02,
  Temperature: 0x04,
  Current: 0x08,
  Overload: 0x20,
} as const;

const MESSAGES: [number, HumanMessage][] = [
  [
    FeetechStatusBit.Voltage,
    {
      code: 'input_voltage',
      en: 'Supply voltage is outside the servo’s voltage limits.',
      ja: '電源電圧がサーボの電圧制限の範囲外です。',
      advice: {
        en: 'Check the power supply: a 7.4 V STS3215 must not get 12 V, and a 12 V one sags below 9 V on thin or long cables.',
        ja: '電源を確認してください。7.4 V 版の STS3215 に 12 V をかけてはいけません。12 V 版は細い・長いケーブルで 9 V 未満に下がることがあります。',
      },
    },
  ],
  [
    FeetechStatusBit.Sensor,
    {
      code: 'sensor',
      en: 'The position sensor is giving implausible readings.',
      ja: '位置センサーの値が異常です。',
      advice: {
        en: 'Power the servo off and on. If it happens again, the servo needs replacing.',
        ja: 'サーボの電源を入れ直してください。再発する場合は交換が必要です。',
      },
    },
  ],
  [
    FeetechStatusBit.Temperature,
    {
      code: 'overheating',
      en: 'The servo is hotter than its temperature limit.',
      ja: 'サーボの温度が上限を超えています。',
      advice: {
        en: 'Stop and let it cool. Reduce the load or the time spent holding against gravity.',
        ja: '停止して冷ましてください。負荷や重力に逆らって保持する時間を減らしてください。',
      },
    },
  ],
  [
    FeetechStatusBit.Current,
    {
      code: 'overcurrent',
      en: 'The motor current exceeded the protection current.',
      ja: 'モーター電流が保護電流を超えました。',
      advice: {
        en: 'Check for a jammed joint or a short in the wiring, then enable torque again.',
        ja: '関節の引っかかりや配線の短絡がないか確認してから、トルクを再度有効にしてください。',
      },
    },
  ],
  [
    FeetechStatusBit.Overload,
    {
      code: 'overload',
      en: 'The servo was overloaded and reduced its output to the protective torque.',
      ja: 'サーボが過負荷になり、出力を保護トルクまで下げました。',
      advice: {
        en: 'Remove the obstruction or the excess payload, then enable torque again.',
        ja: '障害物や過大な負荷を取り除いてから、トルクを再度有効にしてください。',
      },
    },
  ],
];

const KNOWN_BITS = MESSAGES.reduce((mask, [bit]) => mask | bit, 0);

/** Plain-language sentences for every bit set; unknown bits are named, never dropped. */
export function decodeFeetechStatus(status: number): HumanMessage[] {
  const out = MESSAGES.filter(([bit]) => (status & bit) !== 0).map(([, message]) => message);
  const unknown = status & ~KNOWN_BITS & 0xff;
  if (unknown)
    out.push({
      code: `unknown_status_0x${unknown.toString(16)}`,
      en: `The servo reported status bits 0x${unknown.toString(16)} that Feetech does not document.`,
      ja: `サーボが未定義のステータスビット 0x${unknown.toString(16)} を返しました。`,
      advice: {
        en: 'Check the servo model and firmware version; the reply may also be noise.',
        ja: 'サーボの型番とファームウェアを確認してください。ノイズの可能性もあります。',
      },
    });
  return out;
}
