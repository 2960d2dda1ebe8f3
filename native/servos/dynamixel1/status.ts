import type { HumanMessage } from '../dynamixel2/errors';

/**
 * The error byte of a Protocol 1.0 status packet (e-Manual, "Protocol 1.0" → Status Packet →
 * Error). Angle limit, range, checksum and instruction errors say the command was refused;
 * input voltage, overheating and overload describe the servo's state and come with every reply.
 */
export const Dynamixel1ErrorBit = {
  InputVoltage: 0x01,
  AngleLimit: 0x02,
  Overheating: 0x04,
  Range: 0x08,
  Checksum: 0x10,
  Overload: 0x20,
  Instruction: 0x40,
} as const;

export const COMMAND_ERROR_MASK =
  Dynamixel1ErrorBit.AngleLimit |
  Dynamixel1ErrorBit.Range |
  Dynamixel1ErrorBit.Checksum |
  Dynamixel1ErrorBit.Instruction;

export const HARDWARE_ERROR_MASK =
  Dynamixel1ErrorBit.InputVoltage | Dynamixel1ErrorBit.Overheating | Dynamixel1ErrorBit.Overload;

const MESSAGES: [number, HumanMessage][] = [
  [
    Dynamixel1ErrorBit.InputVoltage,
    {
      code: 'input_voltage',
      en: 'Supply voltage is outside the servo’s voltage limits.',
      ja: '電源電圧がサーボの電圧制限の範囲外です。',
      advice: {
        en: 'Check the power supply and the cable, and the Min/Max Voltage Limit (12, 13).',
        ja: '電源とケーブル、および Min/Max Voltage Limit（12, 13）を確認してください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.AngleLimit,
    {
      code: 'angle_limit',
      en: 'The goal position is outside the CW/CCW Angle Limits; the servo did not move.',
      ja: '目標位置が CW/CCW Angle Limit の範囲外のため、サーボは動きませんでした。',
      advice: {
        en: 'Send a goal between CW Angle Limit (6) and CCW Angle Limit (8), or widen the limits.',
        ja: 'CW Angle Limit（6）と CCW Angle Limit（8）の間の目標位置を送るか、制限を広げてください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.Overheating,
    {
      code: 'overheating',
      en: 'The servo is hotter than its temperature limit.',
      ja: 'サーボの温度が上限を超えています。',
      advice: {
        en: 'Stop and let it cool for about 20 minutes; reduce the load before using it again.',
        ja: '停止して 20 分ほど冷ましてください。再使用の前に負荷を下げてください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.Range,
    {
      code: 'range',
      en: 'A value or address in the command is outside what the servo accepts.',
      ja: 'コマンドの値またはアドレスが、サーボの受け付ける範囲外です。',
      advice: {
        en: 'Check the address, the value range and that Lock (47) is 0 for EEPROM items.',
        ja: 'アドレスと値の範囲、EEPROM 項目の場合は Lock（47）が 0 であることを確認してください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.Checksum,
    {
      code: 'checksum',
      en: 'The servo received a damaged packet (checksum mismatch).',
      ja: 'サーボが受け取ったパケットが壊れていました（チェックサム不一致）。',
      advice: {
        en: 'Check cables and connectors, shorten the bus or lower the baud rate.',
        ja: 'ケーブルとコネクタを点検し、配線を短くするか通信速度を下げてください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.Overload,
    {
      code: 'overload',
      en: 'The servo cannot hold the load with its torque limit.',
      ja: 'サーボがトルク制限の範囲で負荷を保持できません。',
      advice: {
        en: 'Remove the obstruction or payload, then write Torque Limit (34) again to restore output.',
        ja: '障害物や負荷を取り除き、Torque Limit（34）を書き直して出力を戻してください。',
      },
    },
  ],
  [
    Dynamixel1ErrorBit.Instruction,
    {
      code: 'instruction',
      en: 'The servo does not know this instruction, or Action came without a Reg Write.',
      ja: 'サーボが対応していない命令です。または Reg Write の前に Action が送られました。',
      advice: {
        en: 'Use an instruction the model supports (AX has no Bulk Read; 1.0 has no Sync Read).',
        ja: 'モデルが対応する命令を使ってください（AX に Bulk Read はなく、1.0 に Sync Read はありません）。',
      },
    },
  ],
];

export function decodeDynamixel1Error(error: number): HumanMessage[] {
  return MESSAGES.filter(([bit]) => (error & bit) !== 0).map(([, message]) => message);
}
