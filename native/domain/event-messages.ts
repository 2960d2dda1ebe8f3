/**
 * The operational log's lines as codes with parameters. An event stores its code and parameters,
 * so every screen renders it in the person's language, and an old log renders in either. Both
 * languages of a code stand side by side here, so neither can be forgotten; the stored English
 * text (what exports and the CLI print) is the English rendering of the same template.
 *
 * A parameter is a plain value (a robot's name, a number, a technical identifier) or a text in
 * both languages (a joint's label, a state, a fault's name).
 */
import type { Bilingual, Language } from './language';

export const EVENT_MESSAGES = {
  'robot.connected': {
    en: '{robot} connected on {port} ({profile}).',
    ja: '{robot} が {port} で接続しました（{profile}）。',
  },
  'robot.reconnected': {
    en: '{robot} reconnected on {port}.',
    ja: '{robot} が {port} で再接続しました。',
  },
  'robot.disconnectedByOperator': {
    en: '{robot} was disconnected by the operator.',
    ja: '{robot} は操作者が切断しました。',
  },
  'robot.linkLost': {
    en: '{robot} disconnected: {reason}. Reconnecting by itself when it is back.',
    ja: '{robot} の接続が切れました（{reason}）。戻ると自動で再接続します。',
  },
  'robot.stateChanged': {
    en: '{robot}: {from} → {to}.',
    ja: '{robot}：{from} → {to}。',
  },
  'robot.stateChangedBecause': {
    en: '{robot}: {from} → {to} ({reason}).',
    ja: '{robot}：{from} → {to}（{reason}）。',
  },
  'arm.syncReadFallback': {
    en: '{robot}: the servos do not answer Fast Sync Read; polling with Sync Read instead.',
    ja: '{robot}：サーボが Fast Sync Read に応答しないため、Sync Read で読み取ります。',
  },
  'arm.emergencyStop': {
    en: '{robot}: emergency stop — torque off on every joint.',
    ja: '{robot}：非常停止 — すべての関節のトルクを切りました。',
  },
  'arm.emergencyStopBy': {
    en: '{robot}: emergency stop — torque off on every joint (by {user}).',
    ja: '{robot}：非常停止 — すべての関節のトルクを切りました（{user}）。',
  },
  'arm.torque': {
    en: '{robot}: torque {onOff} ({joints}).',
    ja: '{robot}：トルク{onOff}（{joints}）。',
  },
  'arm.rebooted': {
    en: '{robot}: rebooted {joints}; torque is off until turned on.',
    ja: '{robot}：{joints}を再起動しました。トルクを入れるまでオフのままです。',
  },
  'arm.goingHome': {
    en: '{robot}: going home.',
    ja: '{robot}：ホーム位置へ戻ります。',
  },
  'arm.moveJoint': {
    en: '{robot}: move {joint} to {rad} rad.',
    ja: '{robot}：{joint} を {rad} rad へ動かします。',
  },
  'arm.controlTableSet': {
    en: '{robot}: {joint} {item} set to {value}{unit} (was {was}).',
    ja: '{robot}：{joint} の {item} を {value}{unit} に設定しました（変更前 {was}）。',
  },
  'arm.hardwareError': {
    en: '{robot}: {label} ({joint}, servo {servo}) hardware error: {detail} Torque is off. {advice}',
    ja: '{robot}：{label}（{joint}、サーボ {servo}）のハードウェアエラー：{detail} トルクが切れています。{advice}',
  },
  'arm.hardwareErrorCleared': {
    en: '{robot}: {label} ({joint}, servo {servo}) hardware error cleared.',
    ja: '{robot}：{label}（{joint}、サーボ {servo}）のハードウェアエラーが解除されました。',
  },
  'gripper.emergencyStop': {
    en: '{robot}: emergency stop — fingers stopped.',
    ja: '{robot}：非常停止 — 指を止めました。',
  },
  'gripper.emergencyStopBy': {
    en: '{robot}: emergency stop — fingers stopped (by {user}).',
    ja: '{robot}：非常停止 — 指を止めました（{user}）。',
  },
  'gripper.command': {
    en: '{robot}: {action}.',
    ja: '{robot}：{action}。',
  },
  'gripper.commandTo': {
    en: '{robot}: {action} to {percent} % open.',
    ja: '{robot}：{action}（開き {percent} %）。',
  },
  'gripper.fault': {
    en: '{robot}: gripper fault 0x{code} — {detail}',
    ja: '{robot}：グリッパーの異常 0x{code} — {detail}',
  },
  'gripper.faultCleared': {
    en: '{robot}: gripper fault cleared.',
    ja: '{robot}：グリッパーの異常が解除されました。',
  },
  'alert.changed': {
    en: '{joint}: {fault} — {change} (confidence {confidence}%)',
    ja: '{joint}：{fault} — {change}（確信度 {confidence}%）',
  },
  'teach.started': {
    en: '{robot}: teaching started ({mode}).',
    ja: '{robot}：教示を始めました（{mode}）。',
  },
  'teach.recorded': {
    en: '{robot}: demonstration "{name}" recorded ({samples} samples) → {steps} steps.',
    ja: '{robot}：教示「{name}」を記録しました（{samples} サンプル）→ {steps} ステップ。',
  },
  'task.started': {
    en: '{robot}: task "{task}" started at {percent} % speed.',
    ja: '{robot}：タスク「{task}」を速度 {percent} % で開始しました。',
  },
  'task.finished': {
    en: '{robot}: task "{task}" finished ({steps} steps).',
    ja: '{robot}：タスク「{task}」が完了しました（{steps} ステップ）。',
  },
  'task.stopped': {
    en: '{robot}: task "{task}" stopped at step {step}: {reason}',
    ja: '{robot}：タスク「{task}」はステップ {step} で止まりました：{reason}',
  },
  'task.failed': {
    en: '{robot}: task "{task}" failed at step {step}: {reason}',
    ja: '{robot}：タスク「{task}」はステップ {step} で失敗しました：{reason}',
  },
  'system.started': {
    en: 'Genba {version} started ({mode})',
    ja: 'Genba {version} を起動しました（{mode}）',
  },
  'system.stopped': { en: 'Genba stopped', ja: 'Genba を終了しました' },
  'robot.online': { en: 'Robot connected', ja: 'ロボットが接続しました' },
  'gripper.online': { en: 'Gripper connected', ja: 'グリッパーが接続しました' },
  'robot.replugged': {
    en: 'Robot reconnected after the USB cable was replugged',
    ja: 'USB ケーブルが挿し直され、ロボットが再接続しました',
  },
  'robot.usbLost': {
    en: 'USB link lost: the robot stopped answering (cable unplugged?)',
    ja: 'USB の接続が切れました：ロボットが応答しません（ケーブルが抜けていませんか？）',
  },
  'robot.state': { en: 'State: {state}', ja: '状態：{state}' },
  'alert.hot': {
    en: '{joint} is hot ({temp} °C): stop it and let it cool.',
    ja: '{joint}が過熱しています（{temp} °C）。運転を止めて冷ましてください。',
  },
  'alert.currentSpike': {
    en: 'Possible collision on {joint}: current spike {amps} A',
    ja: '{joint}で衝突の可能性：電流の急上昇 {amps} A',
  },
  'alert.voltageSag': {
    en: 'Supply voltage sag: {volts} V',
    ja: '電源電圧の低下：{volts} V',
  },
  'servo.hardwareError': {
    en: '{joint} hardware error {bits} ({fault}): torque off.',
    ja: '{joint}でエラー {bits}（{fault}）が発生し、トルクが切れました。',
  },
  'servo.rebootedAfterFault': {
    en: 'Rebooted the servos and re-enabled torque after the fault',
    ja: '異常のあと、サーボを再起動してトルクを入れ直しました',
  },
  'task.begun': { en: 'Task started: {task}', ja: 'タスク開始：{task}' },
  'task.ended': { en: 'Task {outcome}: {task}', ja: 'タスク{outcome}：{task}' },
  'gripper.faultCode': { en: 'Gripper fault 0x{code}', ja: 'グリッパーの異常 0x{code}' },
} as const satisfies Record<string, Bilingual>;

export type EventMessageCode = keyof typeof EVENT_MESSAGES;
export const EVENT_MESSAGE_CODES = Object.keys(EVENT_MESSAGES) as [
  EventMessageCode,
  ...EventMessageCode[],
];

export type MessageParam = string | number | Bilingual;

export interface EventMessage {
  code: EventMessageCode;
  params: Record<string, MessageParam>;
}

/** Words that appear inside log lines as parameters, in both languages. */
export const EVENT_WORDS = {
  state: {
    connecting: { en: 'connecting', ja: '接続中' },
    ready: { en: 'ready', ja: '待機' },
    'torque-off': { en: 'torque off', ja: 'トルクオフ' },
    running: { en: 'running', ja: '動作中' },
    fault: { en: 'fault', ja: '異常' },
    disconnected: { en: 'disconnected', ja: '切断' },
  },
  on: { en: 'on', ja: 'オン' },
  off: { en: 'off', ja: 'オフ' },
  allJoints: { en: 'all joints', ja: 'すべての関節' },
  alertChange: {
    raised: { en: 'raised', ja: '発生' },
    acknowledged: { en: 'acknowledged', ja: '確認済み' },
    resolved: { en: 'resolved', ja: '解消' },
  },
  teachMode: {
    hand: { en: 'hand-guiding, torque off', ja: '手で動かす・トルクオフ' },
    jog: { en: 'jogging', ja: 'ジョグ操作' },
  },
  emergencyStopReason: { en: 'emergency stop (torque off)', ja: '非常停止（トルクオフ）' },
  taskOutcome: {
    succeeded: { en: 'succeeded', ja: '成功' },
    failed: { en: 'failed', ja: '失敗' },
    aborted: { en: 'aborted', ja: '中止' },
  },
  desktop: { en: 'desktop', ja: 'デスクトップ' },
  browserMode: { en: 'browser mode', ja: 'ブラウザーモード' },
} as const satisfies Record<string, Bilingual | Record<string, Bilingual>>;

function paramText(value: MessageParam, language: Language): string {
  return typeof value === 'object' ? value[language] : String(value);
}

/** The line in one language; a placeholder without a parameter stays visible as `{name}`. */
export function renderEventMessage(message: EventMessage, language: Language): string {
  const template: string = EVENT_MESSAGES[message.code][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(message.params, name) ? paramText(message.params[name]!, language) : whole,
  );
}

/** An event's text (the English rendering, as exports print it) with its message. */
export function messageEvent(
  code: EventMessageCode,
  params: Record<string, MessageParam>,
): { text: string; message: EventMessage } {
  const message = { code, params };
  return { text: renderEventMessage(message, 'en'), message };
}

export function isEventMessageCode(code: unknown): code is EventMessageCode {
  return typeof code === 'string' && Object.hasOwn(EVENT_MESSAGES, code);
}
