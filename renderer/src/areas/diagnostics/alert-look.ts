/**
 * How an alert looks and reads: its severity, the telemetry channel that carries its evidence,
 * and times.
 */
import {
  FAULT_CLASSES,
  FAULT_SEVERITY,
  type AlertSeverity,
  type FaultClass,
  type TelemetryField,
} from '../../../../native/domain';
import type { Language } from '../../api/contract';
import type { MessageKey } from '../../i18n/i18n';
import type { Alert, Text } from './use-alerts';

/** The evidence channels in the order the evidence plot shows them (the relevant one first). */
export const CHANNELS = [
  'temperatureC',
  'currentA',
  'voltageV',
  'positionRad',
  'velocityRadS',
] as const satisfies readonly TelemetryField[];
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_DIGITS: Record<Channel, number> = {
  temperatureC: 1,
  currentA: 2,
  voltageV: 2,
  positionRad: 3,
  velocityRadS: 2,
};

/** The channel where each fault shows itself (null: it shows as gaps, in every channel). */
const RELEVANT: Record<FaultClass, Channel | null> = {
  overheating: 'temperatureC',
  overload: 'currentA',
  collision: 'currentA',
  encoder_fault: 'positionRad',
  voltage_sag: 'voltageV',
  wear: 'positionRad',
  link_degradation: null,
};

export function relevantChannel(fault: string): Channel | null {
  return isFaultClass(fault) ? RELEVANT[fault] : null;
}

function isFaultClass(fault: string): fault is FaultClass {
  return (FAULT_CLASSES as readonly string[]).includes(fault);
}

export function severityOf(alert: Alert): AlertSeverity {
  return isFaultClass(alert.fault) ? FAULT_SEVERITY[alert.fault] : 'warning';
}

/** Open = not resolved yet (raised or acknowledged). */
export function isOpen(alert: Alert): boolean {
  return alert.state !== 'resolved';
}

export const STATE_KEY: Record<Alert['state'], MessageKey> = {
  raised: 'diag.state.raised',
  acknowledged: 'diag.state.acknowledged',
  resolved: 'diag.state.resolved',
};

const LOCALE: Record<Language, string> = { en: 'en-GB', ja: 'ja-JP' };

export function clockTime(ms: number, language: Language): string {
  return new Date(ms).toLocaleTimeString(LOCALE[language], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Time today; date and time otherwise. */
export function when(ms: number, language: Language): string {
  const date = new Date(ms);
  if (date.toDateString() === new Date().toDateString()) return clockTime(ms, language);
  return date.toLocaleString(LOCALE[language], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** "Arm A · Shoulder (joint2)" in the given language. */
export function whereText(
  alert: Alert,
  language: Language,
  robotNames: ReadonlyMap<string, string>,
  jointLabels: ReadonlyMap<string, ReadonlyMap<string, Text>>,
): string {
  const robot = robotNames.get(alert.robotId) ?? alert.robotId;
  if (alert.fault === 'voltage_sag') return robot;
  const label = jointLabels.get(alert.robotId)?.get(alert.joint);
  return `${robot} · ${label ? `${label[language]} (${alert.joint})` : alert.joint}`;
}

/** Who acknowledged, as a person reads it (kiosk identities become the role). */
export function whoText(who: string | null): string {
  if (!who) return '—';
  return who.startsWith('kiosk:') ? who.slice('kiosk:'.length) : who;
}
