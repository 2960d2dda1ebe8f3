/**
 * Modbus exception codes (MODBUS Application Protocol V1.1b3, §7) as messages a technician can act
 * on: what the device said, and what to check next.
 */
export interface ModbusExceptionMessage {
  code: number;
  en: string;
  ja: string;
}

const MESSAGES: Record<number, Omit<ModbusExceptionMessage, 'code'>> = {
  0x01: {
    en: 'Illegal function: the device does not support this request. Check the device model and its manual for the supported function codes.',
    ja: '不正なファンクション：この機器はこの要求に対応していません。機種と取扱説明書で対応しているファンクションコードを確認してください。',
  },
  0x02: {
    en: 'Illegal data address: the device has no register at this address. Check the register map and the address offset (0- or 1-based).',
    ja: '不正なデータアドレス：このアドレスにレジスタがありません。レジスタマップと、アドレスの起点（0始まりか1始まりか）を確認してください。',
  },
  0x03: {
    en: 'Illegal data value: the device refused the value or the number of registers. Check the allowed range in its manual.',
    ja: '不正なデータ値：機器が値またはレジスタ数を受け付けませんでした。取扱説明書で設定できる範囲を確認してください。',
  },
  0x04: {
    en: 'Server device failure: the device hit an internal error while handling the request. Check its fault display; power-cycle it if the error repeats.',
    ja: '機器内部の異常：要求の処理中に機器内部でエラーが発生しました。機器の異常表示を確認し、繰り返す場合は電源を入れ直してください。',
  },
  0x05: {
    en: 'Acknowledge: the device accepted a long-running request and is still working on it. Ask again later.',
    ja: '受付済み：処理に時間のかかる要求を受け付け、現在処理中です。しばらくしてから再度確認してください。',
  },
  0x06: {
    en: 'Server device busy: the device is working on an earlier request. Wait a moment and try again.',
    ja: '機器がビジー状態です：前の要求を処理中です。少し待ってから再度実行してください。',
  },
  0x08: {
    en: 'Memory parity error: the device found corrupted data in its memory. Contact the manufacturer’s service.',
    ja: 'メモリのパリティエラー：機器内部のメモリでデータの破損が見つかりました。メーカーのサービス窓口に連絡してください。',
  },
  0x0a: {
    en: 'Gateway path unavailable: the gateway could not route the request. Check the gateway configuration.',
    ja: 'ゲートウェイの経路がありません：ゲートウェイが要求を転送できませんでした。ゲートウェイの設定を確認してください。',
  },
  0x0b: {
    en: 'Gateway target did not respond: the device behind the gateway is silent. Check its power, wiring and unit id.',
    ja: 'ゲートウェイ先の機器が応答しません：ゲートウェイの先にある機器の電源、配線、ユニットIDを確認してください。',
  },
};

export function describeModbusException(code: number): ModbusExceptionMessage {
  const known = MESSAGES[code];
  if (known) return { code, ...known };
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return {
    code,
    en: `The device answered with exception ${hex}, which the Modbus standard does not define. Check the device manual for vendor-specific codes.`,
    ja: `機器がModbus規格にない例外コード ${hex} を返しました。取扱説明書でメーカー独自のコードを確認してください。`,
  };
}
