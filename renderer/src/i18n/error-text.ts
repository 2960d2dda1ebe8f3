/**
 * What to show for a failed API call. The server's messages are English and specific (which
 * servo, which port, what to do); a Japanese screen leads with the code's Japanese headline and
 * keeps the server's specifics after it, so nothing a technician needs is lost.
 */
import { useCallback } from 'react';
import { apiErrorCode, apiErrorMessage } from '../api/api-error';
import type { Language } from '../api/contract';
import { dictionaries, translate, useLanguage } from './i18n';

export function errorText(language: Language, error: unknown): string {
  const message = apiErrorMessage(error) || translate(language, 'error.unknown');
  const code = apiErrorCode(error);
  if (language === 'en' || !code) return message;
  const dictionary: Readonly<Record<string, string>> = dictionaries[language];
  const key = `error.code.${code}`;
  const headline = Object.hasOwn(dictionary, key) ? dictionary[key] : undefined;
  if (!headline) return message;
  return message && message !== headline ? `${headline}（${message}）` : headline;
}

/** `errorText` in the screen's language. */
export function useErrorText(): (error: unknown) => string {
  const language = useLanguage();
  return useCallback((error: unknown) => errorText(language, error), [language]);
}
