/** The dictionaries and `translate`, without React, so plain modules and tests can use them. */
import type { Language } from '../api/contract';
import { en, type Dictionary, type MessageKey } from './en';
import { ja } from './ja';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const dictionaries: Record<Language, Dictionary> = { en, ja };

export function translate(
  language: Language,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  const template = dictionaries[language][key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
