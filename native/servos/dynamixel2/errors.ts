/**
 * What a servo reports, turned into sentences a technician can act on (English and Japanese).
 * Status packets carry an ERR byte (bit 7 Alert, bits 0–6 an error number); the Alert bit means
 * "read Hardware Error Status (70)", whose bits name the fault.
 */
export interface HumanMessage {
  code: string;
  en: string;
  ja: string;
  advice: { en: string; ja: string };
}

export const ALERT_BIT = 0x80;

export const StatusErrorCode = {
  ResultFail: 1,
  InstructionError: 2,
  CrcError: 3,
  DataRangeError: 4,
  DataLengthError: 5,
  DataLimitError: 6,
  AccessError: 7,
} as const;
export type StatusErrorCode = (typeof StatusErrorCode)[keyof typeof StatusErrorCode];

const STATUS_MESSAGES: Record<number, HumanMessage> = {
  1: {
    code: 'result_fail',
    en: 'The servo could not carry out the command.',
    ja: 'サーボがコマンドを実行できませんでした。',
    advice: {
      en: 'Check that the servo is in a state that allows it (for example, stopped for Clear), then try again.',
      ja: 'コマンドを受け付けられる状態か確認してから再実行してください（例: Clear はサーボ停止中のみ）。',
    },
  },
  2: {
    code: 'instruction_error',
    en: 'The servo does not know this instruction, or Action was sent without a prior Reg Write.',
    ja: 'サーボが対応していない命令です。または Reg Write の前に Action が送られました。',
    advice: {
      en: 'Update the servo firmware or use an instruction it supports; send Reg Write before Action.',
      ja: 'ファームウェアを更新するか、対応している命令を使ってください。Action の前には Reg Write が必要です。',
    },
  },
  3: {
    code: 'crc_error',
    en: 'The servo received a damaged packet (CRC mismatch).',
    ja: 'サーボが受け取ったパケットが壊れていました（CRC 不一致）。',
    advice: {
      en: 'Check cables and connectors, shorten the bus or lower the baud rate, and keep power and signal wiring apart.',
      ja: 'ケーブルとコネクタを点検し、配線を短くするか通信速度を下げてください。電源線と信号線は離して配線してください。',
    },
  },
  4: {
    code: 'data_range_error',
    en: 'The value is outside the range this control-table item accepts.',
    ja: '書き込もうとした値が、この項目の設定範囲外です。',
    advice: {
      en: 'Use a value within the range shown in the control table.',
      ja: 'コントロールテーブルに示された範囲内の値を指定してください。',
    },
  },
  5: {
    code: 'data_length_error',
    en: 'The write did not cover the whole item (for example 2 bytes of a 4-byte item).',
    ja: '書き込みのバイト数が項目のサイズと合っていません（例: 4 バイトの項目に 2 バイトだけ書き込んだ）。',
    advice: {
      en: 'Write every byte of the item in one command.',
      ja: '項目のすべてのバイトを 1 回のコマンドで書き込んでください。',
    },
  },
  6: {
    code: 'data_limit_error',
    en: 'The value exceeds a limit configured on the servo (position, velocity, current or PWM limit).',
    ja: '値がサーボに設定された上限（位置・速度・電流・PWM リミット）を超えています。',
    advice: {
      en: 'Stay within the configured limits, or raise the limit (torque off) if the machine allows it.',
      ja: '設定されたリミット内の値にするか、機械的に問題がなければトルクをオフにしてリミットを見直してください。',
    },
  },
  7: {
    code: 'access_error',
    en: 'This address cannot be written: it is read-only, undefined, or an EEPROM item while torque is on.',
    ja: 'このアドレスには書き込めません（読み取り専用・未定義、またはトルクオン中の EEPROM 項目）。',
    advice: {
      en: 'Turn torque off (Torque Enable = 0) before changing EEPROM settings, and check the address.',
      ja: 'EEPROM 設定を変更する前にトルクをオフ（Torque Enable = 0）にし、アドレスが正しいか確認してください。',
    },
  },
};

export const ALERT_MESSAGE: HumanMessage = {
  code: 'alert',
  en: 'The servo reports a hardware fault (Alert).',
  ja: 'サーボがハードウェア異常を通知しています（アラート）。',
  advice: {
    en: 'Read Hardware Error Status (address 70) to see which fault, remove the cause, then reboot the servo.',
    ja: 'Hardware Error Status（アドレス 70）を読んで異常の種類を確認し、原因を取り除いてからサーボを再起動してください。',
  },
};

export interface DecodedStatusError {
  alert: boolean;
  /** 0 when the instruction was processed. */
  code: number;
  message: HumanMessage | undefined;
}

export function decodeStatusError(errorByte: number): DecodedStatusError {
  const code = errorByte & 0x7f;
  const message =
    code === 0
      ? undefined
      : (STATUS_MESSAGES[code] ?? {
          code: `unknown_error_${code}`,
          en: `The servo reported an unknown error number ${code}.`,
          ja: `サーボが不明なエラー番号 ${code} を返しました。`,
          advice: {
            en: 'Check the servo model and firmware version against the e-Manual.',
            ja: 'サーボの型番とファームウェアのバージョンを e-Manual と照らし合わせてください。',
          },
        });
  return { alert: (errorByte & ALERT_BIT) !== 0, code, message };
}

/** Hardware Error Status (70) bits. Bit 1 is unused on X-series. */
export const HardwareErrorBit = {
  InputVoltage: 0x01,
  Overheating: 0x04,
  MotorEncoder: 0x08,
  ElectricalShock: 0x10,
  Overload: 0x20,
} as const;

const HARDWARE_MESSAGES: [number, HumanMessage][] = [
  [
    HardwareErrorBit.InputVoltage,
    {
      code: 'input_voltage',
      en: 'Supply voltage is outside the servo’s allowed range.',
      ja: '電源電圧がサーボの許容範囲外です。',
      advice: {
        en: 'Check the power supply and battery, and that the cable is not too thin or too long for the current drawn.',
        ja: '電源やバッテリーを確認してください。電流に対してケーブルが細すぎたり長すぎたりしないかも確認してください。',
      },
    },
  ],
  [
    HardwareErrorBit.Overheating,
    {
      code: 'overheating',
      en: 'The servo is hotter than its temperature limit.',
      ja: 'サーボの温度が上限を超えました。',
      advice: {
        en: 'Stop the robot and let the servo cool. Reduce the load or duty cycle, check for binding, then reboot the servo.',
        ja: 'ロボットを止めてサーボを冷ましてください。負荷や稼働率を下げ、引っかかりがないか確認してから再起動してください。',
      },
    },
  ],
  [
    HardwareErrorBit.MotorEncoder,
    {
      code: 'motor_encoder',
      en: 'The position sensor (encoder) is giving implausible readings.',
      ja: '位置センサー（エンコーダ）の値が異常です。',
      advice: {
        en: 'Reboot the servo. If it happens again, the servo needs service or replacement.',
        ja: 'サーボを再起動してください。再発する場合は修理または交換が必要です。',
      },
    },
  ],
  [
    HardwareErrorBit.ElectricalShock,
    {
      code: 'electrical_shock',
      en: 'An electrical fault was detected in the motor circuit, or the motor could not move.',
      ja: 'モーター回路の電気的な異常、またはモーターが動けない状態を検出しました。',
      advice: {
        en: 'Power the robot off and inspect wiring and connectors for damage before rebooting.',
        ja: 'ロボットの電源を切り、配線やコネクタに損傷がないか点検してから再起動してください。',
      },
    },
  ],
  [
    HardwareErrorBit.Overload,
    {
      code: 'overload',
      en: 'The servo was overloaded: it pushed at its maximum for too long.',
      ja: 'サーボが過負荷になりました（最大出力の状態が長く続きました）。',
      advice: {
        en: 'Remove the obstruction or reduce the payload, check that nothing is jammed, then reboot the servo.',
        ja: '障害物を取り除くか可搬重量を減らし、挟み込みがないか確認してからサーボを再起動してください。',
      },
    },
  ],
];

export function decodeHardwareError(value: number): HumanMessage[] {
  return HARDWARE_MESSAGES.filter(([bit]) => (value & bit) !== 0).map(([, message]) => message);
}

export function statusErrorMessage(code: number): HumanMessage | undefined {
  return STATUS_MESSAGES[code];
}
