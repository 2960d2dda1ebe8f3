/**
 * The allowlist functions every anonymized field is built from: enumerations (unknown values
 * become "other"), narrow patterns, rounded and clamped numbers, time buckets, and the nonce.
 * Each remembers its last answer or builds its lookup once: they run per record at 100k/s.
 */
import { randomBytes } from 'node:crypto';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let nonces = '';
let nonceOffset = 0;
/** 64 random bits per record as 16 hex digits, drawn in blocks (randomBytes per record is slow at 100k/s). */
export function nonce(): string {
  if (nonceOffset + 16 > nonces.length) {
    nonces = randomBytes(8 * 4096).toString('hex');
    nonceOffset = 0;
  }
  const hex = nonces.slice(nonceOffset, nonceOffset + 16);
  nonceOffset += 16;
  return hex;
}

/** The last bucket formatted, per granularity: consecutive records mostly share their hour or day. */
const lastHour = { bucket: NaN, text: '' };
const lastDay = { bucket: NaN, text: '' };

export const hourOf = (ms: number): string => {
  const bucket = Math.floor(ms / HOUR);
  if (bucket !== lastHour.bucket) {
    lastHour.text = new Date(bucket * HOUR).toISOString().slice(0, 13) + 'Z';
    lastHour.bucket = bucket;
  }
  return lastHour.text;
};
export const dayOf = (ms: number): string => {
  const bucket = Math.floor(ms / DAY);
  if (bucket !== lastDay.bucket) {
    lastDay.text = new Date(bucket * DAY).toISOString().slice(0, 10);
    lastDay.bucket = bucket;
  }
  return lastDay.text;
};

/** Lower-case lookups per enumeration, built once (the hot path runs per record). */
const enumSets = new WeakMap<readonly string[], Set<string>>();
export function enumSet(values: readonly string[]): Set<string> {
  let set = enumSets.get(values);
  if (!set) {
    set = new Set(values);
    enumSets.set(values, set);
  }
  return set;
}

export function oneOfOrUndefined<T extends string>(
  values: readonly T[],
  value: unknown,
): T | undefined {
  if (typeof value !== 'string') return undefined;
  const set = enumSet(values);
  if (set.has(value)) return value as T;
  const lower = value.toLowerCase();
  return set.has(lower) ? (lower as T) : undefined;
}

export const oneOf = <T extends string>(values: readonly T[], value: unknown): T =>
  oneOfOrUndefined(values, value) ?? ('other' as T);

/** `oneOf` over a set built beforehand (the rollup serializer's models and joints). */
export function oneOfSet(set: ReadonlySet<string>, value: unknown): string {
  if (typeof value !== 'string') return 'other';
  if (set.has(value)) return value;
  const lower = value.toLowerCase();
  return set.has(lower) ? lower : 'other';
}

const FIRMWARE = /^[0-9]{1,4}(\.[0-9]{1,4}){0,2}$/;
let lastFirmware: { value: unknown; text: string | undefined } = { value: NaN, text: undefined };

export function firmwareOf(value: unknown): string | undefined {
  if (value === lastFirmware.value) return lastFirmware.text;
  const text = typeof value === 'number' ? String(value) : value;
  const checked = typeof text === 'string' && FIRMWARE.test(text) ? text : undefined;
  lastFirmware = { value, text: checked };
  return checked;
}

const POWERS = [1, 10, 100, 1000, 10_000];

export function round(
  value: unknown,
  digits: number,
  min: number,
  max: number,
): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const factor = POWERS[digits] ?? 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Math.min(max, Math.max(min, rounded === 0 ? 0 : rounded));
}

export function int(value: unknown, min: number, max: number, step = 1): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, Math.round(value / step) * step));
}
