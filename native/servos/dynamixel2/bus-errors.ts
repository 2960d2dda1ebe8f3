import { instructionName } from './protocol';
import { ALERT_MESSAGE, decodeStatusError, type HumanMessage } from './errors';

/** Typed failures of a bus transaction; each message says what failed and what to do. */
export class DynamixelError extends Error {
  constructor(
    message: string,
    readonly human: HumanMessage,
  ) {
    super(message);
    this.name = 'DynamixelError';
  }
}

export class DynamixelTimeoutError extends DynamixelError {
  constructor(
    readonly instruction: number,
    readonly missingIds: number[],
    readonly attempts: number,
    readonly timeoutMs: number,
  ) {
    const ids = missingIds.join(', ');
    super(
      `${instructionName(instruction)}: no reply from servo ${ids} after ${attempts} attempt(s) of ${timeoutMs.toFixed(1)} ms. ` +
        'Check power, cabling, the id and the baud rate.',
      {
        code: 'timeout',
        en: `Servo ${ids} did not answer.`,
        ja: `サーボ ${ids} から応答がありません。`,
        advice: {
          en: 'Check that the servo is powered, the cable is plugged in, and the id and baud rate match.',
          ja: 'サーボの電源とケーブルの接続、ID と通信速度の設定が合っているか確認してください。',
        },
      },
    );
    this.name = 'DynamixelTimeoutError';
  }
}

export class DynamixelCrcError extends DynamixelError {
  constructor(
    readonly instruction: number,
    readonly missingIds: number[],
    readonly attempts: number,
  ) {
    super(
      `${instructionName(instruction)}: replies from servo ${missingIds.join(', ')} arrived damaged (CRC mismatch) ${attempts} time(s). ` +
        'Check the cabling and termination, or lower the baud rate.',
      {
        code: 'reply_crc_error',
        en: 'Replies from the servo arrived damaged.',
        ja: 'サーボからの応答が壊れて届きました。',
        advice: {
          en: 'Check cables, connectors and grounding; shorten the bus or lower the baud rate.',
          ja: 'ケーブル・コネクタ・GND を点検し、配線を短くするか通信速度を下げてください。',
        },
      },
    );
    this.name = 'DynamixelCrcError';
  }
}

export class DynamixelStatusError extends DynamixelError {
  readonly code: number;
  readonly alert: boolean;

  constructor(
    readonly instruction: number,
    readonly id: number,
    readonly errorByte: number,
  ) {
    const decoded = decodeStatusError(errorByte);
    const human = decoded.message ?? ALERT_MESSAGE;
    super(`${instructionName(instruction)} on servo ${id}: ${human.en} ${human.advice.en}`, human);
    this.name = 'DynamixelStatusError';
    this.code = decoded.code;
    this.alert = decoded.alert;
  }
}
