/**
 * What to show for a failed API call. The server's messages are English and specific (which
 * servo, which port, what to do); a Japanese screen leads with the code's Japanese headline and
 * keeps the server's specifics after it, so nothing a technician needs is lost.
 */
import { apiErrorCode, apiErrorMessage } from '../api/api-error';
import type { Language } from '../api/contract';
import { en } from './en';
import { ja } from './ja';

const dictionaries: Record<Language, Readonly<Record<string, string>>> = { en, ja };

export function errorText(language: Language, error: unknown): string {
  const dictionary = dictionaries[language];
  const message = apiErrorMessage(error) || (dictionary['error.unknown'] ?? '');
  const code = apiErrorCode(error);
  if (language === 'en' || !code) return message;
  const key = `error.code.${code}`;
  const headline = Object.hasOwn(dictionary, key) ? dictionary[key] : undefined;
  if (!headline) return message;
  return message && message !== headline ? `${headline}（${message}）` : headline;
}
