/** `errorText` in the screen's language, for components. */
import { useCallback } from 'react';
import { errorText } from './error-text';
import { useLanguage } from './i18n';

export function useErrorText(): (error: unknown) => string {
  const language = useLanguage();
  return useCallback((error: unknown) => errorText(language, error), [language]);
}
