/**
 * The diagnostics head's classes, in output order, with the words people see. Care staff get one
 * sentence and whom to call; technicians get the cause, the evidence and the full procedure.
 * The fault names and their order come from the domain (native/domain/faults.ts).
 */
import {
  FAULT_CLASSES,
  FAULT_SEVERITY,
  type AlertSeverity,
  type Bilingual,
  type FaultClass,
} from '../domain';

export const CLASS_NAMES = ['normal', ...FAULT_CLASSES] as const;
export type ClassName = (typeof CLASS_NAMES)[number];

export interface FaultAdvice {
  label: Bilingual;
  /** Care staff: one sentence, with whom to call. */
  care: Bilingual;
  /** Technicians: cause, what to check, what to do. */
  technician: Bilingual;
  severity: AlertSeverity;
}

export const CLASS_LABELS: Record<ClassName, Bilingual> = {
  normal: { en: 'Normal', ja: '正常' },
  overheating: { en: 'Overheating', ja: '過熱' },
  overload: { en: 'Overload', ja: '過負荷' },
  collision: { en: 'Collision', ja: '衝突' },
  encoder_fault: { en: 'Encoder fault', ja: 'エンコーダ異常' },
  voltage_sag: { en: 'Supply voltage sag', ja: '電源電圧低下' },
  wear: { en: 'Wear / backlash', ja: '摩耗・ガタ' },
  link_degradation: { en: 'Communication link degradation', ja: '通信リンク劣化' },
};

export const FAULT_ADVICE: Record<FaultClass, FaultAdvice> = {
  overheating: {
    label: CLASS_LABELS.overheating,
    severity: FAULT_SEVERITY.overheating,
    care: {
      en: 'A joint is getting too hot: finish the current task, let the robot rest, and call the facility technician.',
      ja: '関節が熱くなりすぎています。今の作業を終えたらロボットを休ませ、施設の技術担当者に連絡してください。',
    },
    technician: {
      en: 'The winding temperature rises faster than the measured current explains (extra heat source: blocked cooling, a dragging gearbox or a failing motor). Reduce the duty cycle or payload now; the servo shuts torque off at its temperature limit (80 °C). Check ventilation, gearbox friction and the current profile; replace the servo if it heats while idle.',
      ja: '測定電流から説明できる以上の速さで巻線温度が上昇しています（冷却不良、ギアの引きずり、モータ劣化など）。すぐに稼働率か負荷を下げてください。温度上限（80 °C）でサーボはトルクを切ります。通気、ギアの摩擦、電流の推移を点検し、停止中にも発熱する場合はサーボを交換してください。',
    },
  },
  overload: {
    label: CLASS_LABELS.overload,
    severity: FAULT_SEVERITY.overload,
    care: {
      en: 'A joint is straining against something: stop the task, check nothing is caught or too heavy, and call the facility technician.',
      ja: '関節に無理な力がかかっています。作業を止め、物が挟まっていないか・重すぎないかを確認し、施設の技術担当者に連絡してください。',
    },
    technician: {
      en: 'The joint draws near-stall current while barely moving: the load exceeds what the XM430 can drive (jammed mechanism, excessive payload, binding gears). The servo latches its Overload error after about 1.5 s of saturation and drops torque. Remove the obstruction or payload, check the gear train, then reboot the servo to clear the error.',
      ja: '関節がほとんど動かないまま失速に近い電流を流しています。負荷が XM430 の能力を超えています（機構の噛み込み、過大な積載、ギアの固着）。飽和が約1.5秒続くとサーボは過負荷エラーをラッチしトルクを切ります。障害物や積載物を取り除き、ギア列を点検してから、サーボを再起動してエラーを解除してください。',
    },
  },
  collision: {
    label: CLASS_LABELS.collision,
    severity: FAULT_SEVERITY.collision,
    care: {
      en: 'The robot bumped into something: check that no one is hurt and the area is clear, and tell the facility technician.',
      ja: 'ロボットが何かにぶつかりました。けが人がいないか、周囲に物がないかを確認し、施設の技術担当者に伝えてください。',
    },
    technician: {
      en: 'A sudden torque spike opposed the motion (current step with an abrupt velocity drop). Inspect the workspace and the link for damage, verify the taught path clears fixtures and people, and consider lowering the profile velocity or the current limit near obstacles.',
      ja: '動作方向と逆向きの急激なトルク（電流の急変と速度の急低下）が発生しました。作業範囲とリンクの損傷を点検し、教示経路が治具や人と干渉しないことを確認してください。障害物付近ではプロファイル速度や電流制限を下げることを検討してください。',
    },
  },
  encoder_fault: {
    label: CLASS_LABELS.encoder_fault,
    severity: FAULT_SEVERITY.encoder_fault,
    care: {
      en: 'A joint is reporting its position wrongly: stop using the robot and call the facility technician.',
      ja: '関節の位置が正しく読めていません。ロボットの使用を止め、施設の技術担当者に連絡してください。',
    },
    technician: {
      en: 'The reported position jumps in ways the measured velocity does not explain: the motor encoder or its magnet is failing (or electrical noise on the sensor). Above a threshold the servo latches its Motor Encoder error. Check the servo for shock damage, reseat it, and replace it if the jumps persist.',
      ja: '報告される位置が、測定速度では説明できない跳び方をしています。モータエンコーダかその磁石の故障（またはセンサへの電気的ノイズ）です。程度が大きいとサーボはモータエンコーダエラーをラッチします。衝撃による損傷を点検し、再装着しても続く場合はサーボを交換してください。',
    },
  },
  voltage_sag: {
    label: CLASS_LABELS.voltage_sag,
    severity: FAULT_SEVERITY.voltage_sag,
    care: {
      en: "The robot's power supply is getting weak: let it finish safely and call the facility technician.",
      ja: 'ロボットの電源が弱くなっています。安全に作業を終わらせ、施設の技術担当者に連絡してください。',
    },
    technician: {
      en: 'The bus voltage is falling on every servo together and is heading for the 9.5 V minimum, below which the servos raise Input Voltage errors. Check the power supply or battery, the cable and connector resistance, and the total current drawn; do not start long tasks until the supply is back above 11 V.',
      ja: '全サーボのバス電圧がそろって低下し、下限の 9.5 V に近づいています。下回るとサーボは入力電圧エラーを出します。電源またはバッテリ、ケーブルとコネクタの抵抗、総電流を点検し、11 V 以上に戻るまで長い作業を始めないでください。',
    },
  },
  wear: {
    label: CLASS_LABELS.wear,
    severity: FAULT_SEVERITY.wear,
    care: {
      en: 'A joint is showing wear: the robot can keep working today, but ask the facility technician to book maintenance.',
      ja: '関節に摩耗が見られます。今日は使い続けられますが、施設の技術担当者に点検の予約を依頼してください。',
    },
    technician: {
      en: 'Friction during moves is higher than normal and the position lags at direction changes (gear backlash). Schedule a gearbox inspection, check the horn screws and the link fastening, and plan a servo replacement; accuracy of taught tasks will degrade.',
      ja: '動作中の摩擦が通常より大きく、反転時に位置が遅れています（ギアのバックラッシ）。ギアボックスの点検を計画し、ホーンのねじとリンクの固定を確認し、サーボ交換を予定してください。教示作業の精度が低下します。',
    },
  },
  link_degradation: {
    label: CLASS_LABELS.link_degradation,
    severity: FAULT_SEVERITY.link_degradation,
    care: {
      en: 'The robot is losing contact with one of its joints: avoid long tasks and call the facility technician.',
      ja: 'ロボットが関節の一つと通信しにくくなっています。長い作業は避け、施設の技術担当者に連絡してください。',
    },
    technician: {
      en: 'Replies from this servo are lost or corrupted far more often than from the others on the bus (dropped samples). Check the daisy-chain cable and connectors at this joint, keep power and signal wiring apart, and consider a lower baud rate or a shorter bus.',
      ja: 'このサーボからの応答が、同じバスの他のサーボより頻繁に欠落・破損しています（サンプル欠落）。この関節のデイジーチェーンケーブルとコネクタを点検し、電源線と信号線を離し、通信速度を下げるかバスを短くすることを検討してください。',
    },
  },
};
