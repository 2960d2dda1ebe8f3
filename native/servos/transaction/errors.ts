import type { HumanMessage } from '../dynamixel2/errors';

/** Typed failures of a bus transaction; each message says what failed and what to do. */
export class ServoBusError extends Error {
  constructor(
    message: string,
    readonly human: HumanMessage,
  ) {
    super(message);
    this.name = 'ServoBusError';
  }
}

export class ServoTimeoutError extends ServoBusError {
  constructor(
    /** What was asked, as messages name it ("Feetech Read", "SyncRead"). */
    readonly request: string,
    readonly missingIds: readonly number[],
    readonly attempts: number,
    readonly timeoutMs: number,
  ) {
    const ids = missingIds.join(', ');
    super(
      `${request}: no reply from servo ${ids} after ${attempts} attempt(s) of ${timeoutMs.toFixed(1)} ms. ` +
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
    this.name = 'ServoTimeoutError';
  }
}

/** How a family's replies prove they arrived whole, for the message when they did not. */
export interface ReplyCheck {
  /** "checksum", "CRC". */
  name: string;
  /** The message code a technician's tools key on. */
  code: string;
  /** What of the wiring to check besides the cables ("grounding", "termination"). */
  wiring: string;
}

/** The `FF FF ID LEN …` families' one-byte sum. */
export const CHECKSUM_REPLY_CHECK: ReplyCheck = {
  name: 'checksum',
  code: 'reply_checksum_error',
  wiring: 'grounding',
};

export class ServoReplyDamagedError extends ServoBusError {
  constructor(
    /** What was asked, as messages name it ("Feetech Read", "SyncRead"). */
    readonly request: string,
    readonly missingIds: readonly number[],
    readonly attempts: number,
    check: ReplyCheck,
  ) {
    super(
      `${request}: replies from servo ${missingIds.join(', ')} arrived damaged (${check.name} mismatch) ${attempts} time(s). ` +
        `Check the cabling and ${check.wiring}, or lower the baud rate.`,
      {
        code: check.code,
        en: 'Replies from the servo arrived damaged.',
        ja: 'サーボからの応答が壊れて届きました。',
        advice: {
          en: 'Check cables, connectors and grounding; shorten the bus or lower the baud rate.',
          ja: 'ケーブル・コネクタ・GND を点検し、配線を短くするか通信速度を下げてください。',
        },
      },
    );
    this.name = 'ServoReplyDamagedError';
  }
}

/** A request the caller built wrong (bad id, address, length): nothing was sent. */
export class ServoArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServoArgumentError';
  }
}
